using Google.Protobuf.Collections;
using Pravega.Perf.Controller.Model;
using Pravega.Perf.Controller.Contracts.V1;
using ModelConfig = Pravega.Perf.Controller.Model.StreamConfiguration;

namespace Pravega.Perf.Controller.Server.Grpc;

/// <summary>Between the proto messages of Pravega's API and the controller's model.</summary>
internal static partial class ProtoMapping
{
    public static ModelConfig ToModel(StreamConfig config)
    {
        var scaling = config.ScalingPolicy is { } s
            ? new Model.ScalingPolicy((ScaleType)(int)s.ScaleType, s.TargetRate, s.ScaleFactor, s.MinNumSegments)
            : Model.ScalingPolicy.Fixed(1);
        Model.RetentionPolicy? retention = config.RetentionPolicy is { RetentionType: not Contracts.V1.RetentionPolicy.Types.RetentionPolicyType.Unknown } r
            ? new Model.RetentionPolicy((RetentionType)(int)r.RetentionType, r.RetentionParam, r.RetentionMax)
            : null;
        var tags = config.Tags?.Tag.Distinct(StringComparer.Ordinal).ToList() ?? [];
        return new ModelConfig(scaling, retention, tags, config.TimestampAggregationTimeout, config.RolloverSizeBytes);
    }

    public static StreamConfig ToProto(string scope, string stream, ModelConfig config)
    {
        var proto = new StreamConfig
        {
            StreamInfo = new StreamInfo { Scope = scope, Stream = stream },
            ScalingPolicy = new Contracts.V1.ScalingPolicy
            {
                ScaleType = (Contracts.V1.ScalingPolicy.Types.ScalingPolicyType)(int)config.Scaling.Type,
                TargetRate = config.Scaling.TargetRate,
                ScaleFactor = config.Scaling.ScaleFactor,
                MinNumSegments = config.Scaling.MinNumSegments,
            },
            Tags = new Tags(),
            TimestampAggregationTimeout = config.TimestampAggregationTimeout,
            RolloverSizeBytes = config.RolloverSizeBytes,
        };
        proto.Tags.Tag.AddRange(config.Tags);
        if (config.Retention is { } retention)
        {
            proto.RetentionPolicy = new Contracts.V1.RetentionPolicy
            {
                RetentionType = (Contracts.V1.RetentionPolicy.Types.RetentionPolicyType)(int)retention.Type,
                RetentionParam = retention.Min,
                RetentionMax = retention.Max,
            };
        }
        return proto;
    }

    public static SegmentRange ToProto(string scope, string stream, SegmentRecord segment) => new()
    {
        SegmentId = new SegmentId { StreamInfo = new StreamInfo { Scope = scope, Stream = stream }, SegmentId_ = segment.SegmentId },
        MinKey = segment.KeyStart,
        MaxKey = segment.KeyEnd,
    };

    public static Dictionary<long, long> ToModel(MapField<long, long> cut) => new(cut);

    public static Model.ReaderGroupConfiguration ToModel(Contracts.V1.ReaderGroupConfiguration config) => new(
        config.Scope,
        config.ReaderGroupName,
        config.GroupRefreshTimeMillis,
        config.AutomaticCheckpointIntervalMillis,
        config.MaxOutstandingCheckpointRequest,
        (ReaderGroupRetention)config.RetentionType,
        config.Generation,
        config.ReaderGroupId,
        config.StartingStreamCuts.Select(ToModelCut).ToList(),
        config.EndingStreamCuts.Select(ToModelCut).ToList(),
        config.RolloverSizeBytes);

    public static Contracts.V1.ReaderGroupConfiguration ToProto(Model.ReaderGroupConfiguration config)
    {
        var proto = new Contracts.V1.ReaderGroupConfiguration
        {
            Scope = config.Scope,
            ReaderGroupName = config.ReaderGroupName,
            GroupRefreshTimeMillis = config.GroupRefreshTimeMillis,
            AutomaticCheckpointIntervalMillis = config.AutomaticCheckpointIntervalMillis,
            MaxOutstandingCheckpointRequest = config.MaxOutstandingCheckpointRequest,
            RetentionType = (int)config.RetentionType,
            Generation = config.Generation,
            ReaderGroupId = config.ReaderGroupId,
            RolloverSizeBytes = config.RolloverSizeBytes,
        };
        proto.StartingStreamCuts.AddRange(config.StartingStreamCuts.Select(ToProtoCut));
        proto.EndingStreamCuts.AddRange(config.EndingStreamCuts.Select(ToProtoCut));
        return proto;
    }

    private static StreamCutOfStream ToModelCut(StreamCut cut) =>
        new(cut.StreamInfo?.Scope ?? string.Empty, cut.StreamInfo?.Stream ?? string.Empty, new Dictionary<long, long>(cut.Cut));

    private static StreamCut ToProtoCut(StreamCutOfStream cut)
    {
        var proto = new StreamCut { StreamInfo = new StreamInfo { Scope = cut.Scope, Stream = cut.Stream } };
        foreach (var (segment, offset) in cut.Cut)
        {
            proto.Cut[segment] = offset;
        }
        return proto;
    }
}

using Pravega.Perf.Client.Streams;
using Proto = Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.Client.Control;

/// <summary>Between the client's public types and the controller API's messages.</summary>
internal static class ProtoConvert
{
    public static Proto.StreamInfo Info(ScopedStream stream) => new() { Scope = stream.Scope, Stream = stream.Name };

    public static Proto.StreamConfig Config(ScopedStream stream, StreamConfiguration configuration)
    {
        var proto = new Proto.StreamConfig
        {
            StreamInfo = Info(stream),
            ScalingPolicy = new Proto.ScalingPolicy
            {
                ScaleType = (Proto.ScalingPolicy.Types.ScalingPolicyType)(int)configuration.Scaling.Type,
                TargetRate = configuration.Scaling.TargetRate,
                ScaleFactor = configuration.Scaling.ScaleFactor,
                MinNumSegments = configuration.Scaling.MinNumSegments,
            },
            Tags = new Proto.Tags(),
            TimestampAggregationTimeout = (long)configuration.TimestampAggregationTimeout.TotalMilliseconds,
            RolloverSizeBytes = configuration.RolloverSizeBytes,
        };
        proto.Tags.Tag.AddRange(configuration.Tags);
        if (configuration.Retention is { } retention)
        {
            proto.RetentionPolicy = new Proto.RetentionPolicy
            {
                RetentionType = (Proto.RetentionPolicy.Types.RetentionPolicyType)(int)retention.Type,
                RetentionParam = retention.Min,
                RetentionMax = retention.Max,
            };
        }
        return proto;
    }

    public static StreamConfiguration Config(Proto.StreamConfig proto) => new()
    {
        Scaling = proto.ScalingPolicy is { } s
            ? new ScalingPolicy((ScalingPolicy.Kind)(int)s.ScaleType, s.TargetRate, s.ScaleFactor, s.MinNumSegments)
            : ScalingPolicy.Fixed(1),
        Retention = proto.RetentionPolicy is { RetentionType: not Proto.RetentionPolicy.Types.RetentionPolicyType.Unknown } r
            ? new RetentionPolicy((RetentionPolicy.Kind)(int)r.RetentionType, r.RetentionParam, r.RetentionMax)
            : null,
        Tags = proto.Tags?.Tag.ToList() ?? [],
        TimestampAggregationTimeout = TimeSpan.FromMilliseconds(proto.TimestampAggregationTimeout),
        RolloverSizeBytes = proto.RolloverSizeBytes,
    };

    public static Proto.StreamCut Cut(StreamCut cut)
    {
        var proto = new Proto.StreamCut { StreamInfo = Info(cut.Stream) };
        foreach (var (segment, offset) in cut.Positions)
        {
            proto.Cut[segment.SegmentId] = offset;
        }
        return proto;
    }

    public static StreamCut Cut(ScopedStream stream, Proto.StreamCut proto) =>
        new(stream, proto.Cut.ToDictionary(kv => new Segment(stream, kv.Key), kv => kv.Value));
}

using Pravega.Perf.Client.Control;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Controller.Contracts.V1;
using Segment = Pravega.Perf.Client.Streams.Segment;
using StreamCut = Pravega.Perf.Client.Streams.StreamCut;

namespace Pravega.Perf.Client.Readers;

/// <summary>
/// Creates, opens and deletes the reader groups of one scope (Pravega's <c>ReaderGroupManager</c>). The controller
/// records each group's configuration and creates its state stream <c>_RG&lt;name&gt;</c>; the manager then writes
/// the group's first state there (every segment of the start cuts unassigned). Error contract: an invalid name is
/// <see cref="ArgumentException"/>; a missing scope <see cref="InvalidOperationException"/>; a missing group
/// <see cref="ReaderGroupNotFoundException"/>; an unreachable controller <see cref="ControllerUnavailableException"/>.
/// </summary>
public sealed class ReaderGroupManager : IAsyncDisposable
{
    /// <summary>The id Pravega's clients send before the controller assigns one.</summary>
    private const string UnassignedGroupId = "00000000-0000-0000-0000-000000000000";

    private readonly ClientContext _context;

    private ReaderGroupManager(string scope, ClientContext context)
    {
        Scope = scope;
        _context = context;
    }

    public string Scope { get; }

    public static ReaderGroupManager WithScope(string scope, ClientConfig config) => new(scope, new ClientContext(config));

    /// <summary>Creates group <paramref name="name"/>: true when created, false when it existed (then left as it is).</summary>
    public async Task<bool> CreateReaderGroupAsync(string name, ReaderGroupConfig config, CancellationToken cancellationToken = default)
    {
        config.Validate();
        config = await ResolveStartTimesAsync(_context, config, cancellationToken).ConfigureAwait(false);
        // The start positions first: a missing stream fails here, before the controller records anything.
        var initial = await InitialStateAsync(_context, config, UnassignedGroupId, 0, cancellationToken).ConfigureAwait(false);
        var request = ToProto(Scope, name, UnassignedGroupId, 0, config);
        var response = await _context.Controller.CallAsync((c, o) => c.createReaderGroupAsync(request, o), cancellationToken).ConfigureAwait(false);
        switch (response.Status)
        {
            case CreateReaderGroupResponse.Types.Status.Success:
                break;
            case CreateReaderGroupResponse.Types.Status.ScopeNotFound:
                throw new InvalidOperationException($"scope '{Scope}' does not exist");
            case CreateReaderGroupResponse.Types.Status.InvalidRgName:
                throw new ArgumentException($"reader group name '{name}' is not valid", nameof(name));
            default:
                throw new ControllerFailureException($"createReaderGroup {Scope}/{name}: {response.Status}");
        }
        initial.Settings.ReaderGroupId = response.Config.ReaderGroupId;
        initial.Generation = response.Config.Generation;
        using var state = ReaderGroup.OpenState(_context, Scope, name);
        var created = false;
        await ReaderGroup.GuardAsync(name, async () => created = await state.InitializeAsync(initial, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        return created;
    }

    /// <summary>Opens group <paramref name="name"/> (valid while this manager is open).</summary>
    public async Task<ReaderGroup> GetReaderGroupAsync(string name, CancellationToken cancellationToken = default)
    {
        await GetConfigAsync(name, cancellationToken).ConfigureAwait(false);
        return new ReaderGroup(_context, Scope, name);
    }

    /// <summary>Deletes group <paramref name="name"/> and its state stream: true when deleted, false when there was none.
    /// Its readers then fail with <see cref="ReaderGroupNotFoundException"/>.</summary>
    public async Task<bool> DeleteReaderGroupAsync(string name, CancellationToken cancellationToken = default)
    {
        ReaderGroupConfiguration config;
        try
        {
            config = await GetConfigAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (ReaderGroupNotFoundException)
        {
            return false;
        }
        var info = new ReaderGroupInfo { Scope = Scope, ReaderGroup = name, ReaderGroupId = config.ReaderGroupId, Generation = config.Generation };
        var status = await _context.Controller.CallAsync((c, o) => c.deleteReaderGroupAsync(info, o), cancellationToken).ConfigureAwait(false);
        return status.Status switch
        {
            DeleteReaderGroupStatus.Types.Status.Success => true,
            DeleteReaderGroupStatus.Types.Status.RgNotFound => false,
            _ => throw new ControllerFailureException($"deleteReaderGroup {Scope}/{name}: {status.Status}"),
        };
    }

    private async Task<ReaderGroupConfiguration> GetConfigAsync(string name, CancellationToken cancellationToken)
    {
        var info = new ReaderGroupInfo { Scope = Scope, ReaderGroup = name };
        var response = await _context.Controller.CallAsync((c, o) => c.getReaderGroupConfigAsync(info, o), cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            ReaderGroupConfigResponse.Types.Status.Success => response.Config,
            ReaderGroupConfigResponse.Types.Status.RgNotFound => throw new ReaderGroupNotFoundException($"{Scope}/{name}"),
            _ => throw new ControllerFailureException($"getReaderGroupConfig {Scope}/{name}: {response.Status}"),
        };
    }

    /// <summary>Records <paramref name="config"/> as the group's next generation with the controller; returns that generation.</summary>
    internal static async Task<long> UpdateConfigAsync(ClientContext context, string scope, string name, string groupId, long generation, ReaderGroupConfig config,
        CancellationToken cancellationToken)
    {
        var request = ToProto(scope, name, groupId, generation, config);
        var response = await context.Controller.CallAsync((c, o) => c.updateReaderGroupAsync(request, o), cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            UpdateReaderGroupResponse.Types.Status.Success => response.Generation,
            UpdateReaderGroupResponse.Types.Status.RgNotFound => throw new ReaderGroupNotFoundException($"{scope}/{name}"),
            UpdateReaderGroupResponse.Types.Status.InvalidConfig => throw new ArgumentException($"the controller refused the configuration of '{scope}/{name}'", nameof(config)),
            _ => throw new ControllerFailureException($"updateReaderGroup {scope}/{name}: {response.Status}"),
        };
    }

    /// <summary>
    /// The configuration with each start time replaced by the stream's cut at that time, from the controller, so the
    /// controller records (and a later reset reuses) a cut, as for a group started at a cut.
    /// </summary>
    internal static async Task<ReaderGroupConfig> ResolveStartTimesAsync(ClientContext context, ReaderGroupConfig config, CancellationToken cancellationToken)
    {
        if (config.Streams.All(s => s.StartTime is null))
        {
            return config;
        }
        var streams = new List<StreamRange>(config.Streams.Count);
        foreach (var range in config.Streams)
        {
            if (range.StartTime is not { } time)
            {
                streams.Add(range);
                continue;
            }
            var proto = await context.Controller.GetStreamCutAtAsync(range.Stream.Scope, range.Stream.Name, time.ToUnixTimeMilliseconds(), cancellationToken)
                .ConfigureAwait(false);
            streams.Add(range with { Start = ProtoConvert.Cut(range.Stream, proto), StartTime = null });
        }
        return config with { Streams = streams };
    }

    /// <summary>A group state with every segment of the start cuts unassigned (unbounded: the stream's head, from the controller).</summary>
    internal static async Task<GroupState> InitialStateAsync(ClientContext context, ReaderGroupConfig config, string groupId, long generation,
        CancellationToken cancellationToken)
    {
        var state = new GroupState
        {
            Generation = generation,
            Settings = new GroupSettings
            {
                ReaderGroupId = groupId,
                RefreshMillis = (long)config.GroupRefreshTime.TotalMilliseconds,
                MaxOutstandingCheckpoints = config.MaxOutstandingCheckpoints,
                Streams = [.. config.Streams.Select(s => s.Stream.ScopedName)],
            },
        };
        foreach (var range in config.Streams)
        {
            var start = range.Start is { IsUnbounded: false } cut ? cut.Positions : await HeadAsync(context, range.Stream, cancellationToken).ConfigureAwait(false);
            foreach (var (segment, offset) in start)
            {
                state.Unassigned[segment.QualifiedName] = offset;
            }
            state.StartEpochs[range.Stream.ScopedName] = start.Count == 0 ? 0 : start.Keys.Min(s => s.Epoch);
            foreach (var (segment, offset) in range.End?.Positions ?? new Dictionary<Segment, long>())
            {
                state.EndOffsets[segment.QualifiedName] = offset;
            }
        }
        return state;
    }

    private static async Task<IReadOnlyDictionary<Segment, long>> HeadAsync(ClientContext context, ScopedStream stream, CancellationToken cancellationToken)
    {
        var request = new GetSegmentsRequest { StreamInfo = ProtoConvert.Info(stream), Timestamp = 0 };
        SegmentsAtTime head;
        try
        {
            head = await context.Controller.CallAsync((c, o) => c.getSegmentsAsync(request, o), cancellationToken).ConfigureAwait(false);
        }
        catch (ControllerFailureException e) when (e.InnerException is Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.NotFound })
        {
            throw new InvalidOperationException($"stream '{stream}' does not exist", e);
        }
        if (head.Segments.Count == 0)
        {
            throw new InvalidOperationException($"stream '{stream}' does not exist");
        }
        return head.Segments.ToDictionary(l => new Segment(stream, l.SegmentId.SegmentId_), l => l.Offset);
    }

    private static ReaderGroupConfiguration ToProto(string scope, string name, string groupId, long generation, ReaderGroupConfig config)
    {
        var proto = new ReaderGroupConfiguration
        {
            Scope = scope,
            ReaderGroupName = name,
            GroupRefreshTimeMillis = (long)config.GroupRefreshTime.TotalMilliseconds,
            AutomaticCheckpointIntervalMillis = -1,
            MaxOutstandingCheckpointRequest = config.MaxOutstandingCheckpoints,
            RetentionType = 0,
            Generation = generation,
            ReaderGroupId = groupId,
        };
        foreach (var range in config.Streams)
        {
            proto.StartingStreamCuts.Add(ProtoConvert.Cut(range.Start ?? StreamCut.Unbounded(range.Stream)));
            proto.EndingStreamCuts.Add(ProtoConvert.Cut(range.End ?? StreamCut.Unbounded(range.Stream)));
        }
        return proto;
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}

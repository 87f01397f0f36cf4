using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.State;
using Pravega.Perf.Client.Streams;

namespace Pravega.Perf.Client.Readers;

/// <summary>
/// A reader group seen from outside its readers (Pravega's <c>ReaderGroup</c>): checkpoints, stream cuts, readers
/// that went away, resets. Everything acts on the group's shared state; the readers follow at their next refresh.
/// </summary>
public sealed class ReaderGroup : IDisposable
{
    private readonly ClientContext _context;
    private readonly StateSynchronizer<GroupState> _state;

    internal ReaderGroup(ClientContext context, string scope, string name)
    {
        _context = context;
        Scope = scope;
        Name = name;
        _state = OpenState(context, scope, name);
    }

    public string Scope { get; }

    public string Name { get; }

    /// <summary>The stream that holds a group's state (created by the controller with the group).</summary>
    internal static ScopedStream StateStream(string scope, string group) => new(scope, "_RG" + group);

    internal static StateSynchronizer<GroupState> OpenState(ClientContext context, string scope, string group) =>
        new(new RevisionedStreamClient<GroupState>(context.Segments, new Segment(StateStream(scope, group), 0).QualifiedName, GroupStateSerializer.Instance));

    /// <summary>Runs a state operation, turning "the state stream is gone or empty" into <see cref="ReaderGroupNotFoundException"/>.</summary>
    internal static async Task GuardAsync(string group, Func<Task> operation)
    {
        try
        {
            await operation().ConfigureAwait(false);
        }
        catch (Exception e) when (e is SegmentNotFoundException or SegmentSealedException or StateNotInitializedException)
        {
            throw new ReaderGroupNotFoundException(group, e);
        }
    }

    /// <summary>
    /// Starts checkpoint <paramref name="name"/> and waits until every online reader has passed it (each gets it from
    /// <c>ReadNextEventAsync</c> and passes it on its next call). Completes with a stream cut per stream: reading from
    /// it (<see cref="ReaderGroupConfig.StartingAt"/>) gives exactly the events after the checkpoint.
    /// </summary>
    public async Task<Checkpoint> InitiateCheckpointAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains(SilentMarker, StringComparison.Ordinal))
        {
            throw new ArgumentException($"checkpoint names containing '{SilentMarker}' are reserved", nameof(name));
        }
        var positions = await RunCheckpointAsync(name, silent: false, cancellationToken).ConfigureAwait(false);
        return new Checkpoint(name, ToCuts(positions));
    }

    /// <summary>Stream cuts where the readers are now, taken by a checkpoint the application never sees (Pravega's <c>generateStreamCuts</c>).</summary>
    public async Task<IReadOnlyDictionary<ScopedStream, StreamCut>> GenerateStreamCutsAsync(CancellationToken cancellationToken = default) =>
        ToCuts(await RunCheckpointAsync(SilentMarker + Guid.NewGuid().ToString("N"), silent: true, cancellationToken).ConfigureAwait(false));

    /// <summary>Drops the checkpoints not yet complete (their <see cref="InitiateCheckpointAsync"/> calls fail).</summary>
    public Task CancelOutstandingCheckpointsAsync(CancellationToken cancellationToken = default) =>
        GuardAsync(Name, () => _state.UpdateStateAsync(GroupStateRules.CancelOutstandingCheckpoints, cancellationToken));

    /// <summary>
    /// Declares a reader gone: its segments return to the group at <paramref name="lastPosition"/> (the position of the
    /// last event it processed: nothing lost, nothing read twice) or, when null, where it last recorded (events after
    /// that are read again).
    /// </summary>
    public Task ReaderOfflineAsync(string readerId, Position? lastPosition, CancellationToken cancellationToken = default)
    {
        var positions = lastPosition?.ByName();
        return GuardAsync(Name, () => _state.UpdateStateAsync(s => GroupStateRules.RemoveReader(s, readerId, positions), cancellationToken));
    }

    public async Task<IReadOnlyList<string>> GetOnlineReadersAsync(CancellationToken cancellationToken = default)
    {
        var state = await FetchAsync(cancellationToken).ConfigureAwait(false);
        return [.. state.Readers.Keys];
    }

    /// <summary>Where the group is, from the readers' last recorded positions and the unassigned segments (not a checkpoint: readers move on meanwhile).</summary>
    public async Task<IReadOnlyDictionary<ScopedStream, StreamCut>> GetStreamCutsAsync(CancellationToken cancellationToken = default)
    {
        var state = await FetchAsync(cancellationToken).ConfigureAwait(false);
        return ToCuts(CurrentPositions(state));
    }

    /// <summary>Bytes between the group's positions and the ends of those segments, plus the whole of segments still waiting for their predecessors.</summary>
    public async Task<long> GetUnreadBytesAsync(CancellationToken cancellationToken = default)
    {
        var state = await FetchAsync(cancellationToken).ConfigureAwait(false);
        long unread = 0;
        foreach (var (segment, offset) in CurrentPositions(state).Concat(state.Future.Keys.Select(f => KeyValuePair.Create(f, 0L))))
        {
            var info = await _context.Segments.GetSegmentInfoAsync(segment, cancellationToken).ConfigureAwait(false);
            var end = state.EndOffsets.TryGetValue(segment, out var bound) ? Math.Min(bound, info.WriteOffset) : info.WriteOffset;
            unread += Math.Max(0, end - Math.Max(offset, info.StartOffset));
        }
        return unread;
    }

    /// <summary>
    /// Starts the group over with <paramref name="config"/> (e.g. <see cref="ReaderGroupConfig.StartingAt"/> a
    /// checkpoint): the controller records a new generation, and every reader drops what it holds and reads from the
    /// new start. Readers stay members.
    /// </summary>
    public async Task ResetReaderGroupAsync(ReaderGroupConfig config, CancellationToken cancellationToken = default)
    {
        config.Validate();
        config = await ReaderGroupManager.ResolveStartTimesAsync(_context, config, cancellationToken).ConfigureAwait(false);
        var state = await FetchAsync(cancellationToken).ConfigureAwait(false);
        var generation = await ReaderGroupManager.UpdateConfigAsync(_context, Scope, Name, state.Settings.ReaderGroupId, state.Generation, config, cancellationToken).ConfigureAwait(false);
        var fresh = await ReaderGroupManager.InitialStateAsync(_context, config, state.Settings.ReaderGroupId, generation, cancellationToken).ConfigureAwait(false);
        await GuardAsync(Name, () => _state.UpdateStateAsync(s =>
        {
            if (s.Generation >= generation)
            {
                return null;
            }
            var next = fresh.Clone();
            foreach (var reader in s.Readers.Keys)
            {
                next.Readers[reader] = new(StringComparer.Ordinal);
            }
            return next;
        }, cancellationToken)).ConfigureAwait(false);
    }

    private const string SilentMarker = "_SILENT_";

    private async Task<Dictionary<string, long>> RunCheckpointAsync(string name, bool silent, CancellationToken cancellationToken)
    {
        await GuardAsync(Name, () => _state.UpdateStateAsync(s => GroupStateRules.CreateCheckpoint(s, name, silent), cancellationToken)).ConfigureAwait(false);
        var poll = TimeSpan.FromMilliseconds(Math.Clamp(_state.State!.Settings.RefreshMillis / 4, 5, 100));
        while (true)
        {
            var state = await FetchAsync(cancellationToken).ConfigureAwait(false);
            var checkpoint = state.Checkpoints.FirstOrDefault(c => c.Name == name)
                ?? throw new OperationCanceledException($"checkpoint '{name}' was cancelled or the group was reset");
            if (checkpoint.IsComplete)
            {
                return new Dictionary<string, long>(checkpoint.Positions, StringComparer.Ordinal);
            }
            await Task.Delay(poll, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<GroupState> FetchAsync(CancellationToken cancellationToken)
    {
        await GuardAsync(Name, () => _state.FetchUpdatesAsync(cancellationToken)).ConfigureAwait(false);
        return _state.State ?? throw new ReaderGroupNotFoundException(Name);
    }

    private static IEnumerable<KeyValuePair<string, long>> CurrentPositions(GroupState state) =>
        state.Readers.Values.SelectMany(r => r).Concat(state.Unassigned);

    private Dictionary<ScopedStream, StreamCut> ToCuts(IEnumerable<KeyValuePair<string, long>> positions)
    {
        var cuts = _state.State!.Settings.Streams.Select(s => s.Split('/')).ToDictionary(
            s => new ScopedStream(s[0], s[1]), _ => new Dictionary<Segment, long>());
        foreach (var (name, offset) in positions)
        {
            var segment = SegmentNames.Parse(name);
            if (cuts.TryGetValue(segment.Stream, out var cut))
            {
                cut[segment] = offset;
            }
        }
        return cuts.ToDictionary(c => c.Key, c => new StreamCut(c.Key, c.Value));
    }

    public void Dispose() => _state.Dispose();
}

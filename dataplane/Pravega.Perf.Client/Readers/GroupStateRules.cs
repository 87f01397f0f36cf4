namespace Pravega.Perf.Client.Readers;

/// <summary>
/// The rules by which readers share a group's segments (reference §1.12), as pure functions from a state to the next
/// one (null: nothing to change). They run inside the state synchronizer's optimistic loop, so each takes the latest
/// state, works on a copy, and may run more than once.
/// </summary>
/// <remarks>
/// Checkpoint consistency: while any checkpoint is outstanding no segment changes owner (no acquire, no release), and
/// a reader that has not passed it does not complete a segment. So every segment of the frontier when the checkpoint
/// began is captured exactly where its reader passed it (or where it lay unassigned), and the captured offsets form
/// a stream cut.
/// </remarks>
internal static class GroupStateRules
{
    public static GroupState? AddReader(GroupState state, string reader)
    {
        if (state.Readers.ContainsKey(reader))
        {
            throw new InvalidOperationException($"reader '{reader}' is already online in the group; a reader that failed must be declared offline first");
        }
        var next = state.Clone();
        next.Readers[reader] = new(StringComparer.Ordinal);
        return next;
    }

    /// <summary>
    /// Takes <paramref name="reader"/> out of the group: its segments become unassigned at <paramref name="positions"/>
    /// (offsets of the next unread event) where given, else at its last recorded offsets. Outstanding checkpoints no
    /// longer wait for it and capture its segments at those offsets.
    /// </summary>
    public static GroupState? RemoveReader(GroupState state, string reader, IReadOnlyDictionary<string, long>? positions)
    {
        if (!state.Readers.TryGetValue(reader, out var owned))
        {
            return null;
        }
        var next = state.Clone();
        next.Readers.Remove(reader);
        foreach (var (segment, recorded) in owned)
        {
            var offset = positions is not null && positions.TryGetValue(segment, out var p) ? p : recorded;
            next.Unassigned[segment] = offset;
            foreach (var checkpoint in next.Checkpoints.Where(c => c.Pending.Contains(reader)))
            {
                checkpoint.Positions.TryAdd(segment, offset);
            }
        }
        foreach (var checkpoint in next.Checkpoints)
        {
            checkpoint.Pending.Remove(reader);
        }
        return next;
    }

    /// <summary>Records where the reader is in each segment it owns (for <c>ReaderOffline</c> without a position, and stream cuts).</summary>
    public static GroupState? RecordPositions(GroupState state, long generation, string reader, IReadOnlyDictionary<string, long> positions)
    {
        if (state.Generation != generation || !state.Readers.TryGetValue(reader, out var owned)
            || positions.All(p => !owned.TryGetValue(p.Key, out var o) || o == p.Value))
        {
            return null;
        }
        var next = state.Clone();
        var mine = next.Readers[reader];
        foreach (var (segment, offset) in positions)
        {
            if (mine.ContainsKey(segment))
            {
                mine[segment] = offset;
            }
        }
        return next;
    }

    /// <summary>The first outstanding checkpoint <paramref name="reader"/> has yet to pass.</summary>
    public static CheckpointState? PendingCheckpoint(GroupState state, string reader) =>
        state.Checkpoints.FirstOrDefault(c => c.Pending.Contains(reader));

    public static bool CheckpointOutstanding(GroupState state) => state.Checkpoints.Any(c => !c.IsComplete);

    /// <summary>The reader passed checkpoint <paramref name="name"/> at <paramref name="positions"/>.</summary>
    public static GroupState? PassCheckpoint(GroupState state, long generation, string reader, string name, IReadOnlyDictionary<string, long> positions)
    {
        var checkpoint = state.Checkpoints.FirstOrDefault(c => c.Name == name);
        if (state.Generation != generation || checkpoint is null || !checkpoint.Pending.Contains(reader))
        {
            return null;
        }
        var next = state.Clone();
        var mine = next.Readers[reader];
        var passed = next.Checkpoints.First(c => c.Name == name);
        passed.Pending.Remove(reader);
        foreach (var (segment, offset) in positions)
        {
            if (mine.ContainsKey(segment))
            {
                mine[segment] = offset;
                passed.Positions.TryAdd(segment, offset);
            }
        }
        return next;
    }

    /// <summary>Starts a checkpoint that every online reader must pass; unassigned segments are captured where they lie.</summary>
    public static GroupState CreateCheckpoint(GroupState state, string name, bool silent, int keepCompleted = 10)
    {
        if (state.Checkpoints.Any(c => c.Name == name))
        {
            throw new InvalidOperationException($"a checkpoint named '{name}' exists already");
        }
        if (!silent && state.Checkpoints.Count(c => !c.IsComplete && !c.Silent) >= state.Settings.MaxOutstandingCheckpoints)
        {
            throw new MaxNumberOfCheckpointsExceededException(state.Settings.MaxOutstandingCheckpoints);
        }
        var next = state.Clone();
        var checkpoint = new CheckpointState { Name = name, Silent = silent, Pending = new(next.Readers.Keys, StringComparer.Ordinal) };
        foreach (var (segment, offset) in next.Unassigned)
        {
            checkpoint.Positions[segment] = offset;
        }
        next.Checkpoints.Add(checkpoint);
        var completed = next.Checkpoints.Where(c => c.IsComplete).ToList();
        foreach (var old in completed.Take(Math.Max(0, completed.Count - keepCompleted)))
        {
            next.Checkpoints.Remove(old);
        }
        return next;
    }

    /// <summary>Drops every checkpoint not yet complete.</summary>
    public static GroupState? CancelOutstandingCheckpoints(GroupState state)
    {
        if (!CheckpointOutstanding(state))
        {
            return null;
        }
        var next = state.Clone();
        next.Checkpoints.RemoveAll(c => !c.IsComplete);
        return next;
    }

    /// <summary>
    /// Balances ownership for <paramref name="reader"/>: with S segments over R readers each should own
    /// floor(S / R) or, for S mod R of them, one more. The reader takes unassigned segments up to its share, or gives
    /// back what it holds above it when another reader is short. Nothing moves while a checkpoint is outstanding.
    /// <paramref name="positions"/> are the reader's current offsets (a released segment is released exactly there).
    /// </summary>
    public static GroupState? Rebalance(GroupState state, long generation, string reader, IReadOnlyDictionary<string, long> positions)
    {
        if (state.Generation != generation || !state.Readers.TryGetValue(reader, out var owned) || CheckpointOutstanding(state))
        {
            return null;
        }
        var readers = state.Readers.Count;
        var total = state.Unassigned.Count + state.Readers.Values.Sum(r => r.Count);
        var floor = total / readers;
        var extra = total % readers;
        var ceil = floor + (extra > 0 ? 1 : 0);
        var atCeil = state.Readers.Values.Count(r => r.Count >= ceil && ceil > floor);
        var target = owned.Count < floor ? floor : owned.Count == floor && atCeil < extra ? floor + 1 : owned.Count;
        if (state.Unassigned.Count > 0 && target > owned.Count)
        {
            var next = state.Clone();
            foreach (var (segment, offset) in state.Unassigned.Take(target - owned.Count))
            {
                next.Unassigned.Remove(segment);
                next.Readers[reader][segment] = offset;
            }
            return next;
        }
        var someoneShort = state.Unassigned.Count == 0 && state.Readers.Any(r => r.Key != reader && r.Value.Count < floor);
        var release = owned.Count > ceil ? owned.Count - ceil
            : owned.Count == ceil && ceil > floor && atCeil > extra && someoneShort ? 1
            : 0;
        if (release == 0 || !someoneShort)
        {
            return null;
        }
        var changed = state.Clone();
        var mine = changed.Readers[reader];
        foreach (var segment in owned.Keys.OrderByDescending(s => s, StringComparer.Ordinal).Take(release))
        {
            changed.Unassigned[segment] = positions.TryGetValue(segment, out var p) ? p : mine[segment];
            mine.Remove(segment);
        }
        return changed;
    }

    /// <summary>
    /// <paramref name="reader"/> read <paramref name="segment"/> to its end. Its successors (each with all its
    /// predecessors) join the group: a successor becomes unassigned once every predecessor is completed, so keys
    /// keep their order across a scale. A reader with a checkpoint to pass completes nothing before passing it.
    /// </summary>
    public static GroupState? CompleteSegment(GroupState state, long generation, string reader, string segment,
        IReadOnlyDictionary<string, IReadOnlyList<string>> successors)
    {
        if (state.Generation != generation || !state.Readers.TryGetValue(reader, out var owned) || !owned.ContainsKey(segment)
            || PendingCheckpoint(state, reader) is not null)
        {
            return null;
        }
        var next = state.Clone();
        next.Readers[reader].Remove(segment);
        next.Completed.Add(segment);
        foreach (var (successor, predecessors) in successors)
        {
            if (IsKnown(next, successor))
            {
                continue;
            }
            next.Future[successor] = predecessors.Where(p => !next.Completed.Contains(p) && !BeforeStart(next, p)).ToList();
        }
        foreach (var (successor, waiting) in next.Future.ToList())
        {
            waiting.Remove(segment);
            if (waiting.Count == 0)
            {
                next.Future.Remove(successor);
                next.Unassigned[successor] = 0;
            }
        }
        return next;
    }

    /// <summary>Everything is read: nothing unassigned, nothing waiting, nothing owned (a sealed or bounded group).</summary>
    public static bool IsReadCompleted(GroupState state) =>
        state.Unassigned.Count == 0 && state.Future.Count == 0 && state.Readers.Values.All(r => r.Count == 0);

    private static bool IsKnown(GroupState state, string segment) =>
        state.Completed.Contains(segment) || state.Unassigned.ContainsKey(segment) || state.Future.ContainsKey(segment)
        || state.Readers.Values.Any(r => r.ContainsKey(segment));

    private static bool BeforeStart(GroupState state, string segment)
    {
        var name = SegmentNames.Parse(segment);
        return state.StartEpochs.TryGetValue(name.Stream.ScopedName, out var epoch) && name.Epoch < epoch;
    }
}

namespace Pravega.Perf.SegmentStore.Metadata;

/// <summary>
/// Remembers which source segments were merged into which target, so a retried merge (the controller retries
/// transaction commits) answers with the target's length instead of "no such segment". Bounded: the oldest entries
/// are forgotten first.
/// </summary>
internal sealed class MergeTombstones
{
    public const int Capacity = 100_000;

    private readonly Dictionary<string, string> _targets = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public int Count => _targets.Count;

    public IEnumerable<KeyValuePair<string, string>> Entries => _targets;

    public bool WasMergedInto(string source, string target) =>
        _targets.TryGetValue(source, out var t) && string.Equals(t, target, StringComparison.Ordinal);

    public void Add(string source, string target)
    {
        if (_targets.TryAdd(source, target))
        {
            _order.Enqueue(source);
            while (_order.Count > Capacity)
            {
                _targets.Remove(_order.Dequeue());
            }
        }
        else
        {
            _targets[source] = target;
        }
    }

    /// <summary>Forgets a tombstone (a new segment with the source's name was created).</summary>
    public void Remove(string source)
    {
        // The queue keeps the name; Add and the bound tolerate names that are no longer in the map.
        _targets.Remove(source);
    }

    public void CopyFrom(MergeTombstones other)
    {
        _targets.Clear();
        _order.Clear();
        foreach (var source in other._order)
        {
            if (other._targets.TryGetValue(source, out var target) && _targets.TryAdd(source, target))
            {
                _order.Enqueue(source);
            }
        }
    }
}

namespace Pravega.Perf.LoadHarness.Drivers.Peers;

/// <summary>
/// Routing key → partition for the peer drivers (NATS subjects, Redis stream keys). A stable FNV-1a hash rather than
/// <see cref="string.GetHashCode()"/>, which is randomized per process: a reader in another process (read mode) must
/// find a key where a writer put it.
/// </summary>
public static class KeyPartitioner
{
    /// <summary>The partition in [0, <paramref name="partitions"/>) that <paramref name="key"/> maps to.</summary>
    public static int Partition(string key, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % (uint)partitions);
    }

    /// <summary>The partitions consumer <paramref name="index"/> of <paramref name="consumerCount"/> owns: every
    /// consumerCount-th one, so each partition (and with it each key's order) has exactly one reader.</summary>
    public static int[] Owned(int partitions, int index, int consumerCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(consumerCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, consumerCount);
        var owned = new List<int>();
        for (var partition = index; partition < partitions; partition += consumerCount)
        {
            owned.Add(partition);
        }
        return [.. owned];
    }
}

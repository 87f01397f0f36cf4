namespace Pravega.Perf.Testing.SegmentStore;

/// <summary>
/// A stand-in segment → container mapping for engine tests: the primary name (up to the first '#', so transient,
/// transaction and index segments land with their parent, as in Pravega) hashed onto the container count. The
/// product uses Pravega's SegmentToContainerMapper; the engine takes the mapping as a delegate.
/// </summary>
public static class TestContainerMapper
{
    public static Func<string, int> Create(int containerCount) => name =>
    {
        var hash = name.AsSpan(0, name.IndexOf('#', StringComparison.Ordinal) is var i and >= 0 ? i : name.Length);
        var h = 17;
        foreach (var c in hash)
        {
            h = unchecked((h * 31) + c);
        }
        return (int)((uint)h % (uint)containerCount);
    };
}

namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

/// <summary>
/// What one storage instance knows about one segment. Mutations hold <see cref="Gate"/>; readers take
/// <see cref="Record"/> (immutable) without it.
/// </summary>
internal sealed class SegmentState
{
    private volatile SegmentRecord? _record;
    private volatile bool _owned;
    private volatile bool _removed;

    public SegmentState(string name, string directory)
    {
        Name = name;
        Directory = directory;
    }

    public string Name { get; }

    public string Directory { get; }

    public Lock Gate { get; } = new();

    /// <summary>The latest committed record this instance knows (authoritative when <see cref="Owned"/>).</summary>
    public SegmentRecord? Record
    {
        get => _record;
        set => _record = value;
    }

    /// <summary>True once this epoch holds the segment (the record then changes only through this instance).</summary>
    public bool Owned
    {
        get => _owned;
        set => _owned = value;
    }

    /// <summary>True once the segment was deleted or merged away through this instance; a new state replaces this one.</summary>
    public bool Removed
    {
        get => _removed;
        set => _removed = value;
    }

    /// <summary>The appender of the last chunk, when this instance created it (never an older owner's chunk).</summary>
    public ChunkAppender? ActiveAppender { get; set; }

    public string? ActiveChunk { get; set; }

    public void CloseActive()
    {
        ActiveAppender?.Dispose();
        ActiveAppender = null;
        ActiveChunk = null;
    }
}

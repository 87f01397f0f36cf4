namespace Pravega.Perf.SegmentStore.Storage.Exceptions;

/// <summary>The Tier-2 directory is read-only or not writable by this process. The failed call changed nothing.</summary>
public sealed class StorageReadOnlyException : StorageException
{
    /// <summary>Creates the error.</summary>
    public StorageReadOnlyException(string segmentName, string path, Exception innerException)
        : base(segmentName, $"Tier-2 is not writable at '{path}' (segment '{segmentName}'): {innerException.Message}", innerException)
    {
        Path = path;
    }

    /// <summary>The file or directory that could not be written.</summary>
    public string Path { get; }
}

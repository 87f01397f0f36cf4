namespace Pravega.Perf.SegmentStore.Storage.Exceptions;

/// <summary>The Tier-2 device is out of space (or quota). The failed call changed nothing that metadata points at.</summary>
public sealed class StorageFullException : StorageException
{
    /// <summary>Creates the error.</summary>
    public StorageFullException(string segmentName, string path, Exception innerException)
        : base(segmentName, $"Tier-2 is full writing '{path}' (segment '{segmentName}'): {innerException.Message}", innerException)
    {
        Path = path;
    }

    /// <summary>The file being written.</summary>
    public string Path { get; }
}

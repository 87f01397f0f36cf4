namespace Pravega.Perf.SegmentStore.Storage.Exceptions;

/// <summary>Tier-2 holds bytes that fail their checksum, or metadata that points at bytes that are not there.</summary>
public sealed class StorageCorruptException : StorageException
{
    /// <summary>Creates the error.</summary>
    public StorageCorruptException(string segmentName, string message)
        : base(segmentName, $"Tier-2 data of segment '{segmentName}' is corrupt: {message}")
    {
    }
}

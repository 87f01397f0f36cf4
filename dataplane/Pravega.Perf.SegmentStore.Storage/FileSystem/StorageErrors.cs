using Pravega.Perf.SegmentStore.Storage.Exceptions;

namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

/// <summary>Turns the runtime's I/O errors for a full or write-protected device into the typed Tier-2 errors.</summary>
internal static class StorageErrors
{
    // Unix: the runtime puts errno in HResult. Windows: HRESULT_FROM_WIN32(code).
    private const int Eperm = 1;
    private const int Eacces = 13;
    private const int Enospc = 28;
    private const int Erofs = 30;
    private const int Edquot = 122;
    private const int WinWriteProtect = unchecked((int)0x80070013);
    private const int WinHandleDiskFull = unchecked((int)0x80070027);
    private const int WinDiskFull = unchecked((int)0x80070070);

    public static Exception? Translate(string segmentName, string root, Exception e) => e switch
    {
        UnauthorizedAccessException => new StorageReadOnlyException(segmentName, root, e),
        IOException io when io.HResult is Enospc or Edquot or WinDiskFull or WinHandleDiskFull => new StorageFullException(segmentName, root, e),
        IOException io when io.HResult is Erofs or Eacces or Eperm or WinWriteProtect => new StorageReadOnlyException(segmentName, root, e),
        _ => null,
    };
}

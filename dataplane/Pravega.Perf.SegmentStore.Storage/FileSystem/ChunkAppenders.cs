using Pravega.Perf.Interop.Files;
using Pravega.Perf.SegmentStore.Storage.IO;

namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

/// <summary>
/// Creates chunk files and the appenders that write them, in the storage's <see cref="ChunkWriteMode"/> (Auto is
/// resolved by an O_DIRECT probe in the chunks directory when the first chunk is created). Owns the aligned staging
/// buffer that all of the storage's O_DIRECT appenders share: one storage writer thread writes at a time.
/// </summary>
internal sealed class ChunkAppenders : IDisposable
{
    private readonly IStorageFileSystem _fs;
    private readonly Lock _gate = new();
    private readonly DirectStaging _staging = new();
    private volatile ChunkWriteModeChoice? _choice;
    private readonly ChunkWriteMode _requested;

    public ChunkAppenders(IStorageFileSystem fs, ChunkWriteMode requested)
    {
        _fs = fs;
        _requested = requested;
        if (requested != ChunkWriteMode.Auto)
        {
            _choice = ChunkWriteModeChoice.Decide(requested, directUnavailable: null);
        }
    }

    /// <summary>The mode in use; null while Auto has not probed yet (no chunk created).</summary>
    public ChunkWriteModeChoice? Choice => _choice;

    /// <summary>Creates the chunk file exclusively and opens it for appending.</summary>
    public ChunkAppender CreateNew(string path)
    {
        var mode = (_choice ?? Probe(path)).Mode;
        var handle = _fs.CreateNew(path);
        if (mode == ChunkWriteMode.Buffered)
        {
            return new BufferedChunkAppender(_fs, handle);
        }
        try
        {
            return new DirectChunkAppender(_fs, _fs.OpenDirect(path), _staging, _gate);
        }
        catch
        {
            _fs.DeleteFile(path);
            throw;
        }
        finally
        {
            // The buffered handle only created the file; the O_DIRECT one writes it.
            handle.Dispose();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _staging.Dispose();
        }
    }

    private ChunkWriteModeChoice Probe(string path)
    {
        lock (_gate)
        {
            return _choice ??= ChunkWriteModeChoice.Resolve(ChunkWriteMode.Auto, Path.GetDirectoryName(path)!);
        }
    }
}

using System.Collections.Concurrent;
using ZstdSharp;

namespace Pravega.Perf.SegmentStore.Storage.Compression;

/// <summary>
/// Pools of Zstd contexts: a context holds hundreds of KiB of native state, so creating one per read would cost more
/// than the decompression of a small frame. Contexts are not thread-safe; each rent is exclusive.
/// </summary>
internal sealed class ZstdCodecs : IDisposable
{
    private const int MaxPooled = 16;
    private readonly ConcurrentBag<Decompressor> _decompressors = [];
    private readonly ConcurrentBag<Compressor> _compressors = [];
    private readonly int _level;

    public ZstdCodecs(int level)
    {
        _level = level;
    }

    public Decompressor RentDecompressor() => _decompressors.TryTake(out var d) ? d : new Decompressor();

    public void Return(Decompressor decompressor)
    {
        if (_decompressors.Count < MaxPooled)
        {
            _decompressors.Add(decompressor);
        }
        else
        {
            decompressor.Dispose();
        }
    }

    public Compressor RentCompressor() => _compressors.TryTake(out var c) ? c : new Compressor(_level);

    public void Return(Compressor compressor)
    {
        if (_compressors.Count < MaxPooled)
        {
            _compressors.Add(compressor);
        }
        else
        {
            compressor.Dispose();
        }
    }

    public void Dispose()
    {
        while (_decompressors.TryTake(out var d))
        {
            d.Dispose();
        }
        while (_compressors.TryTake(out var c))
        {
            c.Dispose();
        }
    }
}

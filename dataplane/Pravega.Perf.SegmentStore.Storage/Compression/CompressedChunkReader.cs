using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using Pravega.Perf.Interop.Crc;
using Pravega.Perf.SegmentStore.Storage.IO;

namespace Pravega.Perf.SegmentStore.Storage.Compression;

/// <summary>
/// Random access into a compressed chunk: the frame index is read once (when the chunk is opened) and each read
/// decompresses only the frames that overlap it.
/// </summary>
internal sealed class CompressedChunkReader
{
    private readonly FrameIndexEntry[] _frames;

    private CompressedChunkReader(long rawLength, int frameSize, FrameIndexEntry[] frames)
    {
        RawLength = rawLength;
        FrameSize = frameSize;
        _frames = frames;
    }

    public long RawLength { get; }

    public int FrameSize { get; }

    /// <summary>Reads and checks the footer and the index; null when the file is not a complete compressed chunk.</summary>
    public static CompressedChunkReader? TryOpen(IStorageFileSystem fs, SafeFileHandle handle)
    {
        var length = fs.GetLength(handle);
        if (length < CompressedChunkFormat.FooterSize)
        {
            return null;
        }
        Span<byte> footer = stackalloc byte[CompressedChunkFormat.FooterSize];
        if (fs.Read(handle, length - CompressedChunkFormat.FooterSize, footer) != footer.Length
            || BinaryPrimitives.ReadUInt64LittleEndian(footer) != CompressedChunkFormat.Magic)
        {
            return null;
        }
        var rawLength = BinaryPrimitives.ReadInt64LittleEndian(footer[8..]);
        var frameSize = BinaryPrimitives.ReadInt32LittleEndian(footer[16..]);
        var frameCount = BinaryPrimitives.ReadInt32LittleEndian(footer[20..]);
        var indexLength = (long)frameCount * CompressedChunkFormat.IndexEntrySize;
        if (frameSize <= 0 || frameCount < 0 || indexLength > length - CompressedChunkFormat.FooterSize)
        {
            return null;
        }
        var index = new byte[indexLength];
        if (fs.Read(handle, length - CompressedChunkFormat.FooterSize - indexLength, index) != index.Length
            || Crc32C.Compute(index) != BinaryPrimitives.ReadUInt32LittleEndian(footer[24..]))
        {
            return null;
        }
        var frames = new FrameIndexEntry[frameCount];
        for (var i = 0; i < frameCount; i++)
        {
            var e = index.AsSpan(i * CompressedChunkFormat.IndexEntrySize);
            frames[i] = new FrameIndexEntry(
                BinaryPrimitives.ReadInt64LittleEndian(e),
                BinaryPrimitives.ReadInt32LittleEndian(e[8..]),
                BinaryPrimitives.ReadInt32LittleEndian(e[12..]),
                BinaryPrimitives.ReadUInt32LittleEndian(e[16..]));
        }
        return new CompressedChunkReader(rawLength, frameSize, frames);
    }

    /// <summary>Reads raw bytes [<paramref name="offset"/>, + buffer length) of the chunk; returns false on a checksum failure.</summary>
    public bool TryRead(IStorageFileSystem fs, SafeFileHandle handle, long offset, Span<byte> buffer, ZstdCodecs codecs)
    {
        var decompressor = codecs.RentDecompressor();
        byte[]? packed = null;
        byte[]? raw = null;
        try
        {
            while (!buffer.IsEmpty)
            {
                var frame = (int)(offset / FrameSize);
                var within = (int)(offset - ((long)frame * FrameSize));
                var entry = _frames[frame];
                packed ??= ArrayPool<byte>.Shared.Rent(Math.Max(entry.CompressedLength, 1));
                if (packed.Length < entry.CompressedLength)
                {
                    ArrayPool<byte>.Shared.Return(packed);
                    packed = ArrayPool<byte>.Shared.Rent(entry.CompressedLength);
                }
                var src = packed.AsSpan(0, entry.CompressedLength);
                if (fs.Read(handle, entry.FileOffset, src) != src.Length || Crc32C.Compute(src) != entry.Crc)
                {
                    return false;
                }
                var take = Math.Min(buffer.Length, entry.RawLength - within);
                if (within == 0 && take == entry.RawLength)
                {
                    // The read covers the whole frame: decompress straight into the caller's buffer.
                    if (decompressor.Unwrap(src, buffer[..take]) != take)
                    {
                        return false;
                    }
                }
                else
                {
                    raw ??= ArrayPool<byte>.Shared.Rent(FrameSize);
                    if (decompressor.Unwrap(src, raw.AsSpan(0, entry.RawLength)) != entry.RawLength)
                    {
                        return false;
                    }
                    raw.AsSpan(within, take).CopyTo(buffer);
                }
                buffer = buffer[take..];
                offset += take;
            }
            return true;
        }
        finally
        {
            codecs.Return(decompressor);
            if (packed is not null)
            {
                ArrayPool<byte>.Shared.Return(packed);
            }
            if (raw is not null)
            {
                ArrayPool<byte>.Shared.Return(raw);
            }
        }
    }
}

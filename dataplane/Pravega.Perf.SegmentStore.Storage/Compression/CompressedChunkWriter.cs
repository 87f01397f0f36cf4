using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using Pravega.Perf.Interop.Crc;
using Pravega.Perf.SegmentStore.Storage.IO;

namespace Pravega.Perf.SegmentStore.Storage.Compression;

/// <summary>Compresses a closed raw chunk into the <see cref="CompressedChunkFormat"/>.</summary>
internal static class CompressedChunkWriter
{
    /// <summary>
    /// Reads <paramref name="rawLength"/> bytes of <paramref name="source"/> and writes the compressed form to
    /// <paramref name="destination"/> (not synced). Returns the compressed file length.
    /// </summary>
    public static long Compress(IStorageFileSystem fs, SafeFileHandle source, long rawLength, SafeFileHandle destination, int frameSize, ZstdCodecs codecs)
    {
        var frameCount = checked((int)((rawLength + frameSize - 1) / frameSize));
        var index = new byte[frameCount * CompressedChunkFormat.IndexEntrySize];
        var raw = ArrayPool<byte>.Shared.Rent(frameSize);
        var packed = ArrayPool<byte>.Shared.Rent(ZstdSharp.Compressor.GetCompressBound(frameSize));
        var compressor = codecs.RentCompressor();
        try
        {
            long fileOffset = 0;
            for (var i = 0; i < frameCount; i++)
            {
                var rawCount = (int)Math.Min(frameSize, rawLength - ((long)i * frameSize));
                var read = fs.Read(source, (long)i * frameSize, raw.AsSpan(0, rawCount));
                if (read != rawCount)
                {
                    throw new IOException($"chunk shorter than its recorded length: frame {i} read {read} of {rawCount} bytes");
                }
                var compressed = compressor.Wrap(raw.AsSpan(0, rawCount), packed);
                fs.Write(destination, fileOffset, packed.AsSpan(0, compressed));
                var entry = index.AsSpan(i * CompressedChunkFormat.IndexEntrySize);
                BinaryPrimitives.WriteInt64LittleEndian(entry, fileOffset);
                BinaryPrimitives.WriteInt32LittleEndian(entry[8..], compressed);
                BinaryPrimitives.WriteInt32LittleEndian(entry[12..], rawCount);
                BinaryPrimitives.WriteUInt32LittleEndian(entry[16..], Crc32C.Compute(packed.AsSpan(0, compressed)));
                fileOffset += compressed;
            }
            fs.Write(destination, fileOffset, index);
            fileOffset += index.Length;
            Span<byte> footer = stackalloc byte[CompressedChunkFormat.FooterSize];
            footer.Clear();
            BinaryPrimitives.WriteUInt64LittleEndian(footer, CompressedChunkFormat.Magic);
            BinaryPrimitives.WriteInt64LittleEndian(footer[8..], rawLength);
            BinaryPrimitives.WriteInt32LittleEndian(footer[16..], frameSize);
            BinaryPrimitives.WriteInt32LittleEndian(footer[20..], frameCount);
            BinaryPrimitives.WriteUInt32LittleEndian(footer[24..], Crc32C.Compute(index));
            fs.Write(destination, fileOffset, footer);
            return fileOffset + CompressedChunkFormat.FooterSize;
        }
        finally
        {
            codecs.Return(compressor);
            ArrayPool<byte>.Shared.Return(packed);
            ArrayPool<byte>.Shared.Return(raw);
        }
    }
}

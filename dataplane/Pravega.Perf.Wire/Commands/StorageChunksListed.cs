using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>STORAGE_CHUNKS_LISTED (-6), admin reply to LIST_STORAGE_CHUNKS.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      int32                    chunkCount
/// 12     n × ChunkInfo            chunks[i]
/// </code>
/// </remarks>
public readonly struct StorageChunksListed : IWireCommand<StorageChunksListed>, IRequestIdCarrier
{
    private readonly ChunkInfo[]? _chunks;

    public StorageChunksListed(long requestId, ChunkInfo[] chunks)
    {
        RequestId = requestId;
        _chunks = chunks;
    }

    public static WireCommandType CommandType => WireCommandType.StorageChunksListed;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    /// <summary>Never null (empty for a default instance).</summary>
    public ChunkInfo[] Chunks => _chunks ?? [];

    public int GetPayloadLength() => 8 + 4 + SizeOf(Chunks);

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteInt32(Chunks.Length);
        foreach (var item in Chunks)
        {
            item.Write(ref w);
        }
        w.Flush();
    }

    public static StorageChunksListed Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var chunks = new ChunkInfo[r.ReadCount("chunkCount", ChunkInfo.MinSize)];
        for (var i = 0; i < chunks.Length; i++)
        {
            chunks[i] = ChunkInfo.Read(ref r);
        }
        return new StorageChunksListed(requestId, chunks);
    }

    private static int SizeOf(ChunkInfo[] items)
    {
        var size = 0;
        foreach (var item in items)
        {
            size += item.Size;
        }
        return size;
    }
}

using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>STREAM_SEGMENT_INFO (12), segment store → client: segment properties.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segmentName                u16 length + modified UTF-8
/// +      bool                     exists
/// +      bool                     isSealed
/// +      bool                     isDeleted
/// +      int64                    lastModified
/// +      int64                    writeOffset
/// +      int64                    startOffset                optional: 0 when absent
/// </code>
/// </remarks>
public readonly struct StreamSegmentInfo : IWireCommand<StreamSegmentInfo>, IRequestIdCarrier
{
    public StreamSegmentInfo(long requestId, WireString segmentName, bool exists, bool isSealed, bool isDeleted, long lastModified, long writeOffset, long startOffset)
    {
        RequestId = requestId;
        SegmentName = segmentName;
        Exists = exists;
        IsSealed = isSealed;
        IsDeleted = isDeleted;
        LastModified = lastModified;
        WriteOffset = writeOffset;
        StartOffset = startOffset;
    }

    public static WireCommandType CommandType => WireCommandType.StreamSegmentInfo;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString SegmentName { get; }

    public bool Exists { get; }

    public bool IsSealed { get; }

    public bool IsDeleted { get; }

    public long LastModified { get; }

    public long WriteOffset { get; }

    public long StartOffset { get; }

    public int GetPayloadLength() => 8 + 2 + SegmentName.EncodedLength + 1 + 1 + 1 + 8 + 8 + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(SegmentName);
        w.WriteBool(Exists);
        w.WriteBool(IsSealed);
        w.WriteBool(IsDeleted);
        w.WriteInt64(LastModified);
        w.WriteInt64(WriteOffset);
        w.WriteInt64(StartOffset);
        w.Flush();
    }

    public static StreamSegmentInfo Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segmentName = r.ReadString("segmentName");
        var exists = r.ReadBool("exists");
        var isSealed = r.ReadBool("isSealed");
        var isDeleted = r.ReadBool("isDeleted");
        var lastModified = r.ReadInt64("lastModified");
        var writeOffset = r.ReadInt64("writeOffset");
        var startOffset = r.ReadInt64OrDefault("startOffset", 0);
        return new StreamSegmentInfo(requestId, segmentName, exists, isSealed, isDeleted, lastModified, writeOffset, startOffset);
    }
}

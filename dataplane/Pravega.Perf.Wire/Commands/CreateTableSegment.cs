using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>CREATE_TABLE_SEGMENT (70), client → segment store (keyLength 0 = hash layout, > 0 = fixed-key-length layout).</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      segment                    u16 length + modified UTF-8
/// +      utf                      delegationToken            u16 length + modified UTF-8
/// +      bool                     sortedDeprecated           optional: false when absent
/// +      int32                    keyLength                  optional: 0 when absent
/// +      int64                    rolloverSizeBytes          optional: 0 when absent
/// </code>
/// </remarks>
public readonly struct CreateTableSegment : IWireCommand<CreateTableSegment>, IRequestIdCarrier
{
    public CreateTableSegment(long requestId, WireString segment, WireString delegationToken, bool sortedDeprecated, int keyLength, long rolloverSizeBytes)
    {
        RequestId = requestId;
        Segment = segment;
        DelegationToken = delegationToken;
        SortedDeprecated = sortedDeprecated;
        KeyLength = keyLength;
        RolloverSizeBytes = rolloverSizeBytes;
    }

    public static WireCommandType CommandType => WireCommandType.CreateTableSegment;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Segment { get; }

    public WireString DelegationToken { get; }

    public bool SortedDeprecated { get; }

    public int KeyLength { get; }

    public long RolloverSizeBytes { get; }

    public int GetPayloadLength() => 8 + 2 + Segment.EncodedLength + 2 + DelegationToken.EncodedLength + 1 + 4 + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Segment);
        w.WriteString(DelegationToken);
        w.WriteBool(SortedDeprecated);
        w.WriteInt32(KeyLength);
        w.WriteInt64(RolloverSizeBytes);
        w.Flush();
    }

    public static CreateTableSegment Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var segment = r.ReadString("segment");
        var delegationToken = r.ReadString("delegationToken");
        var sortedDeprecated = r.ReadBoolOrDefault("sortedDeprecated", false);
        var keyLength = r.ReadInt32OrDefault("keyLength", 0);
        var rolloverSizeBytes = r.ReadInt64OrDefault("rolloverSizeBytes", 0);
        return new CreateTableSegment(requestId, segment, delegationToken, sortedDeprecated, keyLength, rolloverSizeBytes);
    }
}

using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>FLUSH_TO_STORAGE (-3), admin: flush a container to Tier-2.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int32                    containerId
/// 4      utf                      delegationToken            u16 length + modified UTF-8
/// +      int64                    requestId
/// </code>
/// </remarks>
public readonly struct FlushToStorage : IWireCommand<FlushToStorage>, IRequestIdCarrier
{
    public FlushToStorage(int containerId, WireString delegationToken, long requestId)
    {
        ContainerId = containerId;
        DelegationToken = delegationToken;
        RequestId = requestId;
    }

    public static WireCommandType CommandType => WireCommandType.FlushToStorage;

    public WireCommandType Type => CommandType;

    public int ContainerId { get; }

    public WireString DelegationToken { get; }

    public long RequestId { get; }

    public int GetPayloadLength() => 4 + 2 + DelegationToken.EncodedLength + 8;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt32(ContainerId);
        w.WriteString(DelegationToken);
        w.WriteInt64(RequestId);
        w.Flush();
    }

    public static FlushToStorage Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var containerId = r.ReadInt32("containerId");
        var delegationToken = r.ReadString("delegationToken");
        var requestId = r.ReadInt64("requestId");
        return new FlushToStorage(containerId, delegationToken, requestId);
    }
}

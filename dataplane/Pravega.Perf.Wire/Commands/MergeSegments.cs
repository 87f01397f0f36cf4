using System.Buffers;

namespace Pravega.Perf.Wire.Commands;

/// <summary>MERGE_SEGMENTS (58), client → segment store: append source's contents to target atomically.</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      int64                    requestId
/// 8      utf                      target                     u16 length + modified UTF-8
/// +      utf                      source                     u16 length + modified UTF-8
/// +      utf                      delegationToken            u16 length + modified UTF-8
/// +      int32                    attributeUpdateCount       optional: none when absent
/// +      n × ConditionalAttributeUpdate attributeUpdates[i]
/// </code>
/// </remarks>
public readonly struct MergeSegments : IWireCommand<MergeSegments>, IRequestIdCarrier
{
    private readonly ConditionalAttributeUpdate[]? _attributeUpdates;

    public MergeSegments(long requestId, WireString target, WireString source, WireString delegationToken, ConditionalAttributeUpdate[] attributeUpdates)
    {
        RequestId = requestId;
        Target = target;
        Source = source;
        DelegationToken = delegationToken;
        _attributeUpdates = attributeUpdates;
    }

    public static WireCommandType CommandType => WireCommandType.MergeSegments;

    public WireCommandType Type => CommandType;

    public long RequestId { get; }

    public WireString Target { get; }

    public WireString Source { get; }

    public WireString DelegationToken { get; }

    /// <summary>Never null (empty for a default instance).</summary>
    public ConditionalAttributeUpdate[] AttributeUpdates => _attributeUpdates ?? [];

    public int GetPayloadLength() => 8 + 2 + Target.EncodedLength + 2 + Source.EncodedLength + 2 + DelegationToken.EncodedLength + 4 + (AttributeUpdates.Length * ConditionalAttributeUpdate.Size);

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteInt64(RequestId);
        w.WriteString(Target);
        w.WriteString(Source);
        w.WriteString(DelegationToken);
        w.WriteInt32(AttributeUpdates.Length);
        foreach (var item in AttributeUpdates)
        {
            item.Write(ref w);
        }
        w.Flush();
    }

    public static MergeSegments Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var requestId = r.ReadInt64("requestId");
        var target = r.ReadString("target");
        var source = r.ReadString("source");
        var delegationToken = r.ReadString("delegationToken");
        var attributeUpdates = r.HasMore ? ReadAttributeUpdates(ref r) : [];
        return new MergeSegments(requestId, target, source, delegationToken, attributeUpdates);
    }

    private static ConditionalAttributeUpdate[] ReadAttributeUpdates(ref PayloadReader r)
    {
        var items = new ConditionalAttributeUpdate[r.ReadCount("attributeUpdateCount", ConditionalAttributeUpdate.Size)];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = ConditionalAttributeUpdate.Read(ref r);
        }
        return items;
    }
}

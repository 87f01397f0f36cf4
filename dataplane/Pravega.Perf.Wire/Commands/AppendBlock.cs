using System.Buffers;
using Pravega.Perf.Common;

namespace Pravega.Perf.Wire.Commands;

/// <summary>APPEND_BLOCK (3), client → segment store: opens a block of appends; the frame length covers 16 + the block data that follows the writer id (EVENT frames, possibly ending with PARTIAL_EVENT or PADDING).</summary>
/// <remarks>
/// <code>
/// offset type                     field                      remark
/// 0      uuid                     writerId
/// 16     bytes                    data
/// </code>
/// </remarks>
public readonly struct AppendBlock : IWireCommand<AppendBlock>
{
    public AppendBlock(Uuid writerId, ReadOnlySequence<byte> data)
    {
        WriterId = writerId;
        Data = data;
    }

    public static WireCommandType CommandType => WireCommandType.AppendBlock;

    public WireCommandType Type => CommandType;

    public Uuid WriterId { get; }

    public ReadOnlySequence<byte> Data { get; }

    public int GetPayloadLength() => 16 + (int)Data.Length;

    public void WriteTo(IBufferWriter<byte> output)
    {
        var w = new PayloadWriter(output);
        w.WriteHeader(CommandType, GetPayloadLength());
        w.WriteUuid(WriterId);
        w.WriteBytes(Data);
        w.Flush();
    }

    public static AppendBlock Read(in ReadOnlySequence<byte> payload)
    {
        var r = new PayloadReader(payload, CommandType);
        var writerId = r.ReadUuid("writerId");
        var data = r.ReadRest();
        return new AppendBlock(writerId, data);
    }
}

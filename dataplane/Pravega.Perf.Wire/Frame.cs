using System.Buffers;

namespace Pravega.Perf.Wire;

/// <summary>
/// One whole frame found by <see cref="FrameReader"/>. <see cref="Payload"/> is a slice of the caller's buffer
/// (no copy), valid until the caller advances its input past <see cref="End"/>.
/// </summary>
public readonly struct Frame
{
    public Frame(WireCommandType type, in ReadOnlySequence<byte> payload, SequencePosition end)
    {
        Type = type;
        Payload = payload;
        End = end;
    }

    public WireCommandType Type { get; }

    public ReadOnlySequence<byte> Payload { get; }

    public int PayloadLength => (int)Payload.Length;

    /// <summary>Header plus payload.</summary>
    public int TotalLength => WireProtocol.HeaderLength + PayloadLength;

    /// <summary>Position just past the frame in the buffer it was read from.</summary>
    public SequencePosition End { get; }
}

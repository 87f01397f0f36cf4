namespace Pravega.Perf.Interop.IoUring;

/// <summary>The fields of one SQE, as a submitting thread describes it; the dispatcher copies it into the ring.</summary>
internal struct RingRequest
{
    public RingOpcode Opcode;
    public byte Flags;
    public ushort Ioprio;
    public int Fd;
    public ulong Offset;
    public ulong Address;
    public uint Length;
    public uint OpFlags;
    public ushort BufIndex;
}

namespace Pravega.Perf.Interop.IoUring;

/// <summary>io_uring opcodes (<c>IORING_OP_*</c>) this library issues or probes for.</summary>
public enum RingOpcode : byte
{
    Nop = 0,
    Fsync = 3,
    ReadFixed = 4,
    WriteFixed = 5,
    Accept = 13,
    AsyncCancel = 14,
    Read = 22,
    Write = 23,
    Send = 26,
    Recv = 27,
}

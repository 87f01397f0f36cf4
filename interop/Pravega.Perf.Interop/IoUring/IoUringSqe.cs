using System.Runtime.InteropServices;

namespace Pravega.Perf.Interop.IoUring;

/// <summary>
/// <c>struct io_uring_sqe</c> (64 bytes). Several fields are unions in C; the names here are the ones we use
/// (<see cref="OpFlags"/> is rw_flags / fsync_flags / msg_flags / cancel_flags …; <see cref="BufIndex"/> is also buf_group).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct IoUringSqe
{
    [FieldOffset(0)] public byte Opcode;
    [FieldOffset(1)] public byte Flags;
    [FieldOffset(2)] public ushort Ioprio;
    [FieldOffset(4)] public int Fd;
    [FieldOffset(8)] public ulong Off;
    [FieldOffset(16)] public ulong Addr;
    [FieldOffset(24)] public uint Len;
    [FieldOffset(28)] public uint OpFlags;
    [FieldOffset(32)] public ulong UserData;
    [FieldOffset(40)] public ushort BufIndex;
    [FieldOffset(42)] public ushort Personality;
    [FieldOffset(44)] public int SpliceFdIn;
    [FieldOffset(48)] public ulong Addr3;
    [FieldOffset(56)] public ulong Pad2;
}

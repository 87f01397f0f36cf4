namespace Pravega.Perf.Interop.IoUring;

/// <summary>The io_uring ABI numbers we use (linux/io_uring.h; checked against the 6.18 kernel's probe).</summary>
internal static class IoUringConstants
{
    // Syscall numbers: the same on every Linux architecture (asm-generic numbering for calls added after 5.1).
    public const long SysSetup = 425;
    public const long SysEnter = 426;
    public const long SysRegister = 427;

    // IOSQE_* (sqe.flags)
    public const byte SqeIoLink = 1 << 2;
    public const byte SqeBufferSelect = 1 << 5;

    // IORING_ENTER_*
    public const uint EnterGetEvents = 1;

    // IORING_SQ_* (sq ring flags)
    public const uint SqCqOverflow = 1 << 1;

    // IORING_FEAT_*
    public const uint FeatSingleMmap = 1 << 0;
    public const uint FeatNoDrop = 1 << 1;

    // mmap offsets
    public const long OffSqRing = 0;
    public const long OffCqRing = 0x8000000;
    public const long OffSqes = 0x10000000;

    // IORING_REGISTER_*
    public const uint RegisterBuffers = 0;
    public const uint UnregisterBuffers = 1;
    public const uint RegisterProbe = 8;

    public const uint FsyncDataSync = 1;
    public const ushort OpSupported = 1;
    public const int ProbeOpCount = 256;

    // errno
    public const int EIntr = 4;
    public const int EIo = 5;
    public const int EAgain = 11;
    public const int EBusy = 16;
    public const int EInval = 22;
    public const int ECanceled = 125;
}

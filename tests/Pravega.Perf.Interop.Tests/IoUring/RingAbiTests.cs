using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Pravega.Perf.Interop.IoUring;

namespace Pravega.Perf.Interop.Tests.IoUring;

/// <summary>The kernel structs must match linux/io_uring.h byte for byte (sizes and offsets from the reference).</summary>
public sealed class RingAbiTests
{
    [Fact]
    public void StructSizesMatchTheKernelAbi()
    {
        Assert.True(Unsafe.SizeOf<IoUringSqe>() == 64, "io_uring_sqe is 64 bytes");
        Assert.True(Unsafe.SizeOf<IoUringCqe>() == 16, "io_uring_cqe is 16 bytes");
        Assert.True(Unsafe.SizeOf<IoSqringOffsets>() == 40, "io_sqring_offsets is 40 bytes");
        Assert.True(Unsafe.SizeOf<IoCqringOffsets>() == 40, "io_cqring_offsets is 40 bytes");
        Assert.True(Unsafe.SizeOf<IoUringParams>() == 120, "io_uring_params is 120 bytes");
    }

    [Fact]
    public void ParamsOffsetsMatchTheKernelAbi()
    {
        Assert.True(Marshal.OffsetOf<IoUringParams>(nameof(IoUringParams.Features)) == 20, "features at 20");
        Assert.True(Marshal.OffsetOf<IoUringParams>(nameof(IoUringParams.SqOff)) == 40, "sq_off at 40");
        Assert.True(Marshal.OffsetOf<IoUringParams>(nameof(IoUringParams.CqOff)) == 80, "cq_off at 80");
        Assert.True(Marshal.OffsetOf<IoSqringOffsets>(nameof(IoSqringOffsets.UserAddr)) == 32, "sq user_addr at 32");
        Assert.True(Marshal.OffsetOf<IoUringSqe>(nameof(IoUringSqe.UserData)) == 32, "sqe user_data at 32");
        Assert.True(Marshal.OffsetOf<IoUringSqe>(nameof(IoUringSqe.BufIndex)) == 40, "sqe buf_index at 40");
        Assert.True(Marshal.OffsetOf<IoUringCqe>(nameof(IoUringCqe.Res)) == 8, "cqe res at 8");
    }
}

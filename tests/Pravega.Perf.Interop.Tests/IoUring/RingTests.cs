using System.IO.Pipes;
using Pravega.Perf.Interop.Files;
using Pravega.Perf.Interop.IoUring;
using Pravega.Perf.Interop.Memory;
using static Pravega.Perf.Interop.Tests.IoUring.RingTestSupport;

namespace Pravega.Perf.Interop.Tests.IoUring;

[Trait("Category", "RequiresIoUring")]
public sealed class RingTests
{
    [Fact]
    public async Task ANopCompletesWithZero()
    {
        RequireIoUring();
        using var ring = Ring.Create();
        Assert.True(await ring.NopAsync(Ct) == 0, "NOP's result is 0");
    }

    [Fact]
    public void TheRingIsSetUpSingleIssuerWithDeferredTaskRunWhereTheKernelAllowsIt()
    {
        RequireIoUring();
        using var ring = Ring.Create(new RingOptions { Entries = 8 });
        Assert.True(ring.Flags == (RingSetupFlags.SingleIssuer | RingSetupFlags.DeferTaskRun),
            $"flags {ring.Flags}: a 6.x kernel accepts SINGLE_ISSUER|DEFER_TASKRUN");
        Assert.True(ring.Entries == 8, "the kernel grants the asked power of two");
    }

    [Fact]
    public void TheProbeReportsEveryOpcodeTheLibraryUses()
    {
        RequireIoUring();
        using var ring = Ring.Create();
        foreach (var opcode in Enum.GetValues<RingOpcode>())
        {
            Assert.True(ring.Supports(opcode), $"{opcode} is supported on this kernel");
        }
        Assert.False(ring.Supports((RingOpcode)255), "an opcode beyond the kernel's last one is not supported");
        Assert.Null(Ring.UnsupportedReason);
    }

    [Fact]
    public async Task AWrittenFileReadsBackTheSameBytes()
    {
        RequireIoUring();
        var path = TempFile("rw");
        try
        {
            using var ring = Ring.Create();
            using var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite);
            var data = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 7)).ToArray();
            Assert.Equal(data.Length, await ring.WriteAsync(handle, data, 100, Ct));
            var back = new byte[data.Length];
            Assert.Equal(data.Length, await ring.ReadAsync(handle, back, 100, Ct));
            Assert.True(data.AsSpan().SequenceEqual(back), "the bytes read are the bytes written");
            Assert.True(await ring.FsyncAsync(handle, dataOnly: false, Ct) == 0, "fsync succeeds");
            Assert.True(await ring.ReadAsync(handle, back, 20_000, Ct) == 0, "a read past the end returns 0");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ALinkedWriteAndSyncWritesTheWholeBuffer()
    {
        RequireIoUring();
        var path = TempFile("link");
        try
        {
            using var ring = Ring.Create();
            using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                var data = Enumerable.Range(0, 64 * 1024).Select(i => (byte)i).ToArray();
                Assert.Equal(data.Length, await ring.WriteAndSyncAsync(handle, data, 0, Ct));
                Assert.Equal(data.Length, await ring.WriteAndSyncAsync(handle, data, data.Length, Ct));
            }
            var bytes = File.ReadAllBytes(path);
            Assert.True(bytes.Length == 128 * 1024, "both writes landed");
            Assert.True(bytes[65_537] == 1, "the second write is at its offset");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task AFailedWriteCancelsItsLinkedSyncAndFailsWithTheWritesErrno()
    {
        RequireIoUring();
        var path = TempFile("direct");
        Assert.SkipUnless(DirectFile.IsSupportedIn(Path.GetTempPath(), out var reason), reason ?? "");
        try
        {
            File.WriteAllBytes(path, new byte[8192]);
            using var ring = Ring.Create();
            using var handle = DirectFile.OpenExisting(path);
            // O_DIRECT with a misaligned offset: the write fails with EINVAL and the linked fsync is cancelled.
            var error = await Assert.ThrowsAsync<RingException>(async () =>
                await ring.WriteAndSyncAsync(handle, new byte[4096], 1, Ct));
            Assert.True(error.Errno == 22, $"EINVAL expected, got {error.Errno}");
            // The ring is still fine after a broken chain.
            using var aligned = new AlignedBuffer(4096);
            Assert.Equal(4096, await ring.WriteAndSyncAsync(handle, aligned.Memory, 4096, Ct));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ErrorsAreTypedExceptionsCarryingTheErrno()
    {
        RequireIoUring();
        var path = TempFile("ro");
        try
        {
            File.WriteAllBytes(path, [1, 2, 3]);
            using var ring = Ring.Create();
            using var readOnly = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            var error = await Assert.ThrowsAsync<RingException>(async () => await ring.WriteAsync(readOnly, new byte[3], 0, Ct));
            Assert.True(error.Errno == 9, $"writing a read-only descriptor is EBADF (9), got {error.Errno}");
            Assert.True(error.HResult == 9, "the errno is also the IOException's HResult");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ManyOperationsInFlightFromManyThreadsAllComplete()
    {
        RequireIoUring();
        var path = TempFile("many");
        try
        {
            // A small ring: most operations wait in the backlog until completions make room in the CQ.
            using var ring = Ring.Create(new RingOptions { Entries = 8 });
            using var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite);
            const int writers = 4;
            const int perWriter = 500;
            await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                var pending = new List<Task<int>>();
                for (var i = 0; i < perWriter; i++)
                {
                    var block = new byte[64];
                    Array.Fill(block, (byte)(w * perWriter + i));
                    pending.Add(ring.WriteAsync(handle, block, (w * perWriter + i) * 64L, Ct).AsTask());
                    pending.Add(ring.NopAsync(Ct).AsTask());
                }
                var results = await Task.WhenAll(pending);
                Assert.True(results.Where((_, k) => k % 2 == 0).All(r => r == 64), "every write wrote its 64 bytes");
            }, Ct)));
            var bytes = File.ReadAllBytes(path);
            for (var n = 0; n < writers * perWriter; n++)
            {
                Assert.True(bytes[n * 64] == (byte)n && bytes[n * 64 + 63] == (byte)n, $"block {n} holds its own bytes");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task CancellingAPendingReadFailsItAsCanceledAndTheRingCarriesOn()
    {
        RequireIoUring();
        using var ring = Ring.Create();
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var read = ring.ReadAsync(pipe.SafePipeHandle, new byte[16], -1, cts.Token).AsTask();
        Assert.True(await ring.NopAsync(Ct) == 0, "the ring serves other operations while the read waits");
        Assert.False(read.IsCompleted, "nothing was written to the pipe");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        Assert.True(await ring.NopAsync(Ct) == 0, "the ring still works after a cancellation");
    }

    [Fact]
    public async Task AnAlreadyCanceledTokenFailsTheOperationWithoutSubmittingIt()
    {
        RequireIoUring();
        using var ring = Ring.Create();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await ring.NopAsync(cts.Token));
    }

    [Fact]
    public async Task DisposingWithOperationsPendingFailsThemAsDisposed()
    {
        RequireIoUring();
        var ring = Ring.Create();
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        var reads = Enumerable.Range(0, 3).Select(_ => ring.ReadAsync(pipe.SafePipeHandle, new byte[16], -1, Ct).AsTask()).ToList();
        Assert.True(await ring.NopAsync(Ct) == 0, "the reads were submitted");
        ring.Dispose();
        foreach (var read in reads)
        {
            await Assert.ThrowsAsync<ObjectDisposedException>(() => read);
        }
        Assert.Throws<ObjectDisposedException>(() => { _ = ring.NopAsync(Ct).AsTask(); });
        ring.Dispose(); // idempotent
    }

    [Fact]
    public async Task DataReadFromAPipeArrivesThroughTheRing()
    {
        RequireIoUring();
        using var ring = Ring.Create();
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        using var writer = new AnonymousPipeClientStream(PipeDirection.Out, pipe.ClientSafePipeHandle);
        var buffer = new byte[16];
        var read = ring.ReadAsync(pipe.SafePipeHandle, buffer, -1, Ct).AsTask();
        writer.Write("hello"u8);
        writer.Flush();
        Assert.Equal(5, await read);
        Assert.True("hello"u8.SequenceEqual(buffer.AsSpan(0, 5)), "the pipe's bytes");
    }

    [Fact]
    public async Task WritesFromARegisteredBufferLandLikeOrdinaryOnes()
    {
        RequireIoUring();
        var path = TempFile("fixed");
        try
        {
            using var ring = Ring.Create();
            using var buffer = new AlignedBuffer(64 * 1024);
            buffer.GetSpan().Fill(0x5A);
            ring.RegisterBuffers([buffer]);
            Assert.True(ring.RegisteredBuffers.Count == 1, "one buffer registered");
            using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                Assert.Equal(4096, await ring.WriteAndSyncAsync(handle, buffer.Memory.Slice(4096, 4096), 0, Ct));
                var back = new AlignedBuffer(4096);
                using (back)
                {
                    ring.RegisterBuffers([buffer, back]);
                    Assert.Equal(4096, await ring.ReadAsync(handle, back.Memory, 0, Ct));
                    Assert.True(back.GetSpan().IndexOfAnyExcept((byte)0x5A) < 0, "READ_FIXED into the second buffer");
                    ring.RegisterBuffers([]);
                }
            }
            Assert.True(ring.RegisteredBuffers.Count == 0, "unregistered");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ContinuationsRunInlineOnTheDispatcherWhichCanSubmitWithoutAWakeUp()
    {
        RequireIoUring();
        using var ring = Ring.Create();
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        using var writer = new AnonymousPipeClientStream(PipeDirection.Out, pipe.ClientSafePipeHandle);
        // The read cannot complete before the pipe is written, so the chain's first await really waits (a NOP could
        // complete before the await and continue synchronously on this thread).
        var chain = ChainOfNopsAsync(ring, ring.ReadAsync(pipe.SafePipeHandle, new byte[1], -1, Ct), 100);
        writer.Write([1]);
        writer.Flush();
        var (onRingAfterFirst, nops, onRingAtEnd) = await chain;
        Assert.True(onRingAfterFirst, "an inline continuation runs on the ring's thread");
        Assert.True(nops == 100, "every NOP submitted from the ring thread completed");
        Assert.True(onRingAtEnd, "still on the ring's thread");
    }

    private static async Task<(bool, int, bool)> ChainOfNopsAsync(Ring ring, ValueTask<int> first, int count)
    {
        await first.ConfigureAwait(false);
        var onRing = ring.IsDispatcherThread;
        var completed = 0;
        for (var i = 0; i < count; i++)
        {
            // Submitted from the dispatcher itself: queued, then picked up before its next wait.
            if (await ring.NopAsync(Ct).ConfigureAwait(false) == 0)
            {
                completed++;
            }
        }
        return (onRing, completed, ring.IsDispatcherThread);
    }
}

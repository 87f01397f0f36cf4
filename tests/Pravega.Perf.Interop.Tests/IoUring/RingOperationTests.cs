using Pravega.Perf.Interop.IoUring;
using static Pravega.Perf.Interop.Tests.IoUring.RingTestSupport;

namespace Pravega.Perf.Interop.Tests.IoUring;

/// <summary>The pooled operation's bookkeeping of cancels that arrive before the kernel has the operation.</summary>
[Trait("Category", "RequiresIoUring")]
public sealed class RingOperationTests
{
    [Fact]
    public void A_cancel_marked_for_the_current_use_fails_it_and_never_carries_over_to_the_next_use()
    {
        RequireIoUring();
        using var ring = Ring.Create();
        var operation = new RingOperation(ring, slot: 0, runContinuationsAsynchronously: false);
        PrepareNop(operation);
        operation.MarkCanceled(operation.UserData);
        Assert.True(operation.CancelRequested, "a cancel aimed at the current use is seen");
        PrepareNop(operation);
        Assert.False(operation.CancelRequested, "the next use starts uncanceled");
    }

    [Fact]
    public void A_late_cancel_of_the_previous_use_marked_after_the_next_use_was_prepared_leaves_that_use_alone()
    {
        // The interleaving that cancelled innocent operations: the dispatcher matched a queued cancel to a finished
        // use, another thread rented the object and prepared its next use, then the dispatcher marked the cancel.
        RequireIoUring();
        using var ring = Ring.Create();
        var operation = new RingOperation(ring, slot: 0, runContinuationsAsynchronously: false);
        PrepareNop(operation);
        var previous = operation.UserData;
        PrepareNop(operation);
        operation.MarkCanceled(previous);
        Assert.False(operation.CancelRequested, "a cancel aimed at an earlier generation does not cancel this use");
        Assert.True(RingOperation.SlotOf(previous) == RingOperation.SlotOf(operation.UserData)
            && RingOperation.GenerationOf(previous) != RingOperation.GenerationOf(operation.UserData),
            "the two uses share the slot and differ in generation");
    }

    private static void PrepareNop(RingOperation operation) =>
        operation.Prepare("NOP", new RingRequest { Opcode = RingOpcode.Nop, Fd = -1 }, null, null, default, 0);
}

namespace Pravega.Perf.Interop.IoUring;

/// <summary>How a <see cref="Ring"/> is set up.</summary>
public sealed class RingOptions
{
    /// <summary>SQ entries (a power of two; the kernel rounds up). The CQ gets twice as many, and at most that many
    /// completions are in flight at once (more operations wait in the ring's queue: the CQ never overflows).</summary>
    public int Entries { get; set; } = 256;

    /// <summary>
    /// True (default): an operation's continuation runs inline on the ring's dispatcher thread as soon as its
    /// completion is reaped, with no thread-pool hop (where io_uring's gain comes from). The continuation must then be
    /// short and never block, or it stalls every operation on the ring. False: continuations go to the thread pool.
    /// </summary>
    public bool InlineContinuations { get; set; } = true;

    /// <summary>Name of the dispatcher thread (shows in debuggers and <c>/proc/&lt;pid&gt;/task</c>).</summary>
    public string ThreadName { get; set; } = "io_uring";
}

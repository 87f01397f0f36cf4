namespace Pravega.Perf.Interop.IoUring;

/// <summary>Receives the CQEs of a multishot operation, on the ring's dispatcher thread.</summary>
internal interface IRingMultishotHandler
{
    /// <summary>One CQE; <paramref name="final"/> when the kernel will post no more for this SQE.</summary>
    void OnCqe(int res, uint flags, bool final);

    /// <summary>The SQE never reached the kernel (the ring shut down, or it was cancelled while queued).</summary>
    void OnUnsubmitted(Exception error);
}

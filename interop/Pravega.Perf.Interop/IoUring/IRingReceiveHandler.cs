namespace Pravega.Perf.Interop.IoUring;

/// <summary>What a <see cref="RingReceiver"/> tells its owner, always on the ring's dispatcher thread (except
/// <see cref="OnReceiveEnded"/> once the ring has shut down). Both must be quick and must never block.</summary>
public interface IRingReceiveHandler
{
    /// <summary>Bytes received, valid only during the call (the buffer goes back to the kernel right after). Return
    /// false to pause: chunks already in the kernel's pipeline may still arrive (accept them), then nothing until
    /// <see cref="RingReceiver.Resume"/>.</summary>
    bool OnReceived(ReadOnlySpan<byte> data);

    /// <summary>The stream ended, once: 0 when the peer closed its side, ECANCELED (125) after
    /// <see cref="RingReceiver.Stop"/> or a ring shutdown, or the errno of the failure (ECONNRESET 104 …).</summary>
    void OnReceiveEnded(int errno);
}

namespace Pravega.Perf.Interop.IoUring;

// Running code on the dispatcher thread and waiting for it: registrations must be made by the submitting thread of
// a SINGLE_ISSUER ring (other threads get EEXIST).
public sealed partial class Ring
{
    /// <summary>Runs <paramref name="action"/> on the dispatcher (inline if already there) and waits for it; its
    /// exception is rethrown here. Never call from inside an operation's continuation with a lock the dispatcher needs.</summary>
    /// <exception cref="ObjectDisposedException">The ring is shut down.</exception>
    internal void Invoke(Action<Ring, object?> action, object? state)
    {
        ThrowIfDisposed();
        if (IsDispatcherThread)
        {
            action(this, state);
            return;
        }
        using var invocation = new Invocation(this, action, state);
        Post(static (s, alive) => ((Invocation)s!).Run(alive), invocation);
        invocation.Done.Wait();
        if (invocation.Error is not null)
        {
            throw invocation.Error;
        }
    }

    private sealed class Invocation(Ring ring, Action<Ring, object?> action, object? state) : IDisposable
    {
        public ManualResetEventSlim Done { get; } = new();

        public Exception? Error { get; private set; }

        public void Run(bool ringAlive)
        {
            try
            {
                if (ringAlive)
                {
                    action(ring, state);
                }
                else
                {
                    Error = new ObjectDisposedException(nameof(Ring));
                }
            }
            catch (Exception e)
            {
                Error = e;
            }
            finally
            {
                Done.Set();
            }
        }

        public void Dispose() => Done.Dispose();
    }
}

namespace Pravega.Perf.Testing.SegmentStore;

/// <summary>Thrown by <see cref="FaultInjectingSegmentStore"/> at the planned crash point and by every mutating call after it.</summary>
public sealed class InjectedCrashException : Exception
{
    public InjectedCrashException(string message)
        : base(message)
    {
    }

    public InjectedCrashException()
        : base("injected crash")
    {
    }

    public InjectedCrashException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

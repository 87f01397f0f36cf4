namespace Pravega.Perf.SegmentStore.Storage.IO;

/// <summary>Thrown by <see cref="FaultInjectingFileSystem"/> at the planned crash point and by every call after it.</summary>
public sealed class SimulatedCrashException : Exception
{
    /// <summary>Creates the error.</summary>
    public SimulatedCrashException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error.</summary>
    public SimulatedCrashException()
        : base("simulated crash")
    {
    }

    /// <summary>Creates the error.</summary>
    public SimulatedCrashException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

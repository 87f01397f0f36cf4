namespace Pravega.Perf.Client.Control;

/// <summary>The controller could not be reached, or kept failing, on every attempt of a call.</summary>
public sealed class ControllerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The controller answered that the operation failed (its FAILURE status, or an error it reported).</summary>
public sealed class ControllerFailureException(string message, Exception? inner = null) : Exception(message, inner);

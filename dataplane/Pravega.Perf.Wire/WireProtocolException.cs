namespace Pravega.Perf.Wire;

/// <summary>
/// The one exception the decoders throw: the peer sent bytes that break the protocol. The connection cannot be
/// trusted after it and should be closed. <see cref="Field"/> names the offending field (or a rule such as
/// "length"), so the message reads like "SETUP_APPEND.segment: string length 70000 exceeds the payload".
/// </summary>
public sealed class WireProtocolException : Exception
{
    public WireProtocolException(string message)
        : base(message)
    {
    }

    public WireProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WireProtocolException(WireCommandType? commandType, string field, string problem)
        : base($"{(commandType is { } t ? WireCommandTypes.GetName(t) : "FRAME")}.{field}: {problem}")
    {
        CommandType = commandType;
        Field = field;
    }

    public WireProtocolException()
    {
    }

    /// <summary>The command being decoded, or null when the type code itself was unreadable.</summary>
    public WireCommandType? CommandType { get; }

    public string? Field { get; }
}

namespace Pravega.Perf.Wire;

/// <summary>
/// A command that carries the request id of the exchange it belongs to (most requests and every reply to one), so a
/// connection can match a reply to its request without knowing each command's layout.
/// </summary>
public interface IRequestIdCarrier
{
    long RequestId { get; }
}

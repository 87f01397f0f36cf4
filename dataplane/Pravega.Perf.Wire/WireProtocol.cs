namespace Pravega.Perf.Wire;

/// <summary>
/// Constants of Pravega's TCP wire protocol (reference §2.1).
/// </summary>
/// <remarks>
/// Compatibility rule, as Pravega states it: a change that only appends new fields at the end of a command is
/// compatible and may be made at any time, because readers default the trailing fields an older peer did not send
/// and ignore trailing bytes a newer peer did send. Any other change (removing, reordering or retyping a field)
/// is incompatible and must be made as a new command type with a new code. A peer accepts another whose version
/// range [low, high] overlaps [<see cref="OldestCompatibleVersion"/>, <see cref="WireVersion"/>].
/// </remarks>
public static class WireProtocol
{
    public const int WireVersion = 17;
    public const int OldestCompatibleVersion = 5;

    /// <summary>int32 type code + int32 payload length.</summary>
    public const int HeaderLength = 8;

    /// <summary>16 MiB − 1: the largest payload a frame may declare.</summary>
    public const int MaxPayloadLength = 0x00FFFFFF;

    /// <summary>Java's <c>Long.MIN_VALUE</c>: "no value" for attributes and event numbers.</summary>
    public const long NullAttributeValue = long.MinValue;

    /// <summary>Whether a peer announcing versions [low, high] can talk to us.</summary>
    public static bool IsCompatible(int peerHighVersion, int peerLowVersion) =>
        peerLowVersion <= WireVersion && peerHighVersion >= OldestCompatibleVersion;
}

using System.Buffers;

namespace Pravega.Perf.Wire.Appends;

/// <summary>
/// One request as <see cref="RequestReader"/> hands it to the server: either an <see cref="Append"/>
/// (<see cref="IsAppend"/>) or any other command, whose already validated payload <see cref="Read{T}"/> decodes
/// without boxing.
/// </summary>
public readonly struct Request
{
    private Request(WireCommandType type, bool isAppend, in Append append, in ReadOnlySequence<byte> payload)
    {
        Type = type;
        IsAppend = isAppend;
        Append = append;
        Payload = payload;
    }

    /// <summary>The command's type; for an append, the type of the frame that carried it (APPEND_BLOCK for a block).</summary>
    public WireCommandType Type { get; }

    public bool IsAppend { get; }

    /// <summary>The append; default unless <see cref="IsAppend"/>.</summary>
    public Append Append { get; }

    /// <summary>The command's payload (a slice of the input); empty for appends.</summary>
    public ReadOnlySequence<byte> Payload { get; }

    internal static Request ForCommand(WireCommandType type, in ReadOnlySequence<byte> payload) => new(type, false, default, payload);

    internal static Request ForAppend(WireCommandType type, in Append append) => new(type, true, append, default);

    /// <summary>Decodes the command. The type must match <see cref="Type"/>.</summary>
    public T Read<T>()
        where T : struct, IWireCommand<T>
    {
        if (IsAppend || T.CommandType != Type)
        {
            throw new InvalidOperationException($"request is {WireCommandTypes.GetName(Type)}{(IsAppend ? " (append)" : string.Empty)}, not {WireCommandTypes.GetName(T.CommandType)}");
        }
        return T.Read(Payload);
    }
}

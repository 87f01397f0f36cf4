using System.Runtime.CompilerServices;

namespace Pravega.Perf.Wire;

/// <summary>Lookups over <see cref="WireCommandType"/>: which codes exist, and Pravega's SCREAMING_CASE names for messages.</summary>
public static class WireCommandTypes
{
    private const int Offset = 128;
    private static readonly string?[] Names = BuildNames();

    /// <summary>All 70 command types, in code order.</summary>
    public static IReadOnlyList<WireCommandType> All { get; } =
        [.. Enum.GetValues<WireCommandType>().OrderBy(t => (int)t)];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsKnown(int code) => (uint)(code + Offset) < (uint)Names.Length && Names[code + Offset] is not null;

    /// <summary>Pravega's name of the type, e.g. "SETUP_APPEND"; "UNKNOWN(n)" for a code that is not a command.</summary>
    public static string GetName(WireCommandType type) =>
        IsKnown((int)type) ? Names[(int)type + Offset]! : $"UNKNOWN({(int)type})";

    /// <summary>Pravega's names are the enum's in SCREAMING_CASE ("SetupAppend" → "SETUP_APPEND"): derived, not kept twice.</summary>
    private static string?[] BuildNames()
    {
        var names = new string?[256];
        foreach (var type in Enum.GetValues<WireCommandType>())
        {
            names[(int)type + Offset] = ScreamingCase(type.ToString());
        }
        return names;
    }

    private static string ScreamingCase(string pascal)
    {
        var text = new System.Text.StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (i > 0 && char.IsUpper(pascal[i]))
            {
                text.Append('_');
            }
            text.Append(char.ToUpperInvariant(pascal[i]));
        }
        return text.ToString();
    }
}

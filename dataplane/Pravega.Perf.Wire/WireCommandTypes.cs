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

    private static string?[] BuildNames()
    {
        var names = new string?[256];
        names[-127 + Offset] = "HELLO";
        names[-1 + Offset] = "PADDING";
        names[-2 + Offset] = "PARTIAL_EVENT";
        names[-3 + Offset] = "FLUSH_TO_STORAGE";
        names[-4 + Offset] = "FLUSHED_TO_STORAGE";
        names[-5 + Offset] = "LIST_STORAGE_CHUNKS";
        names[-6 + Offset] = "STORAGE_CHUNKS_LISTED";
        names[0 + Offset] = "EVENT";
        names[1 + Offset] = "SETUP_APPEND";
        names[2 + Offset] = "APPEND_SETUP";
        names[3 + Offset] = "APPEND_BLOCK";
        names[4 + Offset] = "APPEND_BLOCK_END";
        names[5 + Offset] = "CONDITIONAL_APPEND";
        names[7 + Offset] = "DATA_APPENDED";
        names[8 + Offset] = "CONDITIONAL_CHECK_FAILED";
        names[9 + Offset] = "READ_SEGMENT";
        names[10 + Offset] = "SEGMENT_READ";
        names[11 + Offset] = "GET_STREAM_SEGMENT_INFO";
        names[12 + Offset] = "STREAM_SEGMENT_INFO";
        names[20 + Offset] = "CREATE_SEGMENT";
        names[21 + Offset] = "SEGMENT_CREATED";
        names[28 + Offset] = "SEAL_SEGMENT";
        names[29 + Offset] = "SEGMENT_SEALED";
        names[30 + Offset] = "DELETE_SEGMENT";
        names[31 + Offset] = "SEGMENT_DELETED";
        names[32 + Offset] = "UPDATE_SEGMENT_POLICY";
        names[33 + Offset] = "SEGMENT_POLICY_UPDATED";
        names[34 + Offset] = "GET_SEGMENT_ATTRIBUTE";
        names[35 + Offset] = "SEGMENT_ATTRIBUTE";
        names[36 + Offset] = "UPDATE_SEGMENT_ATTRIBUTE";
        names[37 + Offset] = "SEGMENT_ATTRIBUTE_UPDATED";
        names[38 + Offset] = "TRUNCATE_SEGMENT";
        names[39 + Offset] = "SEGMENT_TRUNCATED";
        names[40 + Offset] = "CREATE_TRANSIENT_SEGMENT";
        names[41 + Offset] = "LOCATE_OFFSET";
        names[42 + Offset] = "OFFSET_LOCATED";
        names[50 + Offset] = "WRONG_HOST";
        names[51 + Offset] = "SEGMENT_IS_SEALED";
        names[52 + Offset] = "SEGMENT_ALREADY_EXISTS";
        names[53 + Offset] = "NO_SUCH_SEGMENT";
        names[55 + Offset] = "INVALID_EVENT_NUMBER";
        names[56 + Offset] = "SEGMENT_IS_TRUNCATED";
        names[57 + Offset] = "OPERATION_UNSUPPORTED";
        names[58 + Offset] = "MERGE_SEGMENTS";
        names[59 + Offset] = "SEGMENTS_MERGED";
        names[60 + Offset] = "AUTH_TOKEN_CHECK_FAILED";
        names[61 + Offset] = "ERROR_MESSAGE";
        names[68 + Offset] = "GET_TABLE_SEGMENT_INFO";
        names[69 + Offset] = "TABLE_SEGMENT_INFO";
        names[70 + Offset] = "CREATE_TABLE_SEGMENT";
        names[71 + Offset] = "DELETE_TABLE_SEGMENT";
        names[74 + Offset] = "UPDATE_TABLE_ENTRIES";
        names[75 + Offset] = "TABLE_ENTRIES_UPDATED";
        names[76 + Offset] = "REMOVE_TABLE_KEYS";
        names[77 + Offset] = "TABLE_KEYS_REMOVED";
        names[78 + Offset] = "READ_TABLE";
        names[79 + Offset] = "TABLE_READ";
        names[80 + Offset] = "TABLE_SEGMENT_NOT_EMPTY";
        names[81 + Offset] = "TABLE_KEY_DOES_NOT_EXIST";
        names[82 + Offset] = "TABLE_KEY_BAD_VERSION";
        names[83 + Offset] = "READ_TABLE_KEYS";
        names[84 + Offset] = "TABLE_KEYS_READ";
        names[85 + Offset] = "READ_TABLE_ENTRIES";
        names[86 + Offset] = "TABLE_ENTRIES_READ";
        names[87 + Offset] = "TABLE_ENTRIES_DELTA_READ";
        names[88 + Offset] = "READ_TABLE_ENTRIES_DELTA";
        names[89 + Offset] = "CONDITIONAL_BLOCK_END";
        names[90 + Offset] = "MERGE_SEGMENTS_BATCH";
        names[91 + Offset] = "SEGMENTS_BATCH_MERGED";
        names[100 + Offset] = "KEEP_ALIVE";
        return names;
    }
}

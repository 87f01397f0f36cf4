using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pravega.Perf.Controller.Metadata;

/// <summary>
/// How metadata records are serialised: JSON (camelCase, enums by name), so that an operator can read a record with
/// the table-segment tools and a later version can add fields without a migration. Metadata is small and written once
/// per workflow step; the hot read paths are served from memory, so JSON's cost does not show.
/// </summary>
public static class MetadataJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The record's bytes.</summary>
    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>The record back.</summary>
    public static T Deserialize<T>(ReadOnlyMemory<byte> bytes) =>
        JsonSerializer.Deserialize<T>(bytes.Span, Options) ?? throw new InvalidDataException($"metadata record of {typeof(T).Name} is null");
}

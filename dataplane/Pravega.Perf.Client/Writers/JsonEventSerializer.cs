using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Pravega.Perf.Client.Writers;

/// <summary>
/// Events as UTF-8 JSON through System.Text.Json. Pass <paramref name="typeInfo"/> from a source-generated
/// <c>JsonSerializerContext</c> for trimming and speed; without it reflection-based <paramref name="options"/> are used.
/// </summary>
public sealed class JsonEventSerializer<T>(JsonSerializerOptions? options = null, JsonTypeInfo<T>? typeInfo = null) : ISerializer<T>
{
    public ReadOnlyMemory<byte> Serialize(T value) =>
        typeInfo is null ? JsonSerializer.SerializeToUtf8Bytes(value, options) : JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);

    public T Deserialize(ReadOnlyMemory<byte> bytes) =>
        (typeInfo is null ? JsonSerializer.Deserialize<T>(bytes.Span, options) : JsonSerializer.Deserialize(bytes.Span, typeInfo))
        ?? throw new InvalidDataException($"the event is JSON null, not a {typeof(T).Name}");
}

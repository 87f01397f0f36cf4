using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Pravega.Perf.Wire.Tests.Helpers;

/// <summary>One listed field of a command vector: its path ("entries[0].key.data"), type and value text.</summary>
internal sealed record VectorField(string Path, string Kind, string ValueText)
{
    public long Integer => long.Parse(ValueText.Split(' ')[0], CultureInfo.InvariantCulture);

    public bool Boolean => ValueText.StartsWith("true", StringComparison.Ordinal);

    /// <summary>For bytes: "N bytes: hex" (hex absent when N is 0); for zeros: "N zero bytes".</summary>
    public byte[] Bytes
    {
        get
        {
            if (Kind == "zeros")
            {
                return new byte[Integer];
            }
            var colon = ValueText.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? [] : Hex.Parse(ValueText[(colon + 1)..].Split("--")[0].Trim());
        }
    }

    /// <summary>The text of a utf field: a C#-style literal with \uXXXX, \n, \t, \\ and \" escapes.</summary>
    public string Text => WireVectorFile.ParseLiteral(ValueText, out _);

    /// <summary>The "modified UTF-8: hex" remark of a utf field, when the file gives one.</summary>
    public byte[]? ModifiedUtf8
    {
        get
        {
            var m = Regex.Match(ValueText, "modified UTF-8: ([0-9a-f]+)\\)");
            return m.Success ? Hex.Parse(m.Groups[1].Value) : null;
        }
    }
}

internal sealed record CommandVector(string Name, int TypeCode, int Index, int Count, string Title,
    IReadOnlyList<VectorField> Fields, int FrameLength, byte[] Frame)
{
    public string Id => $"{Name} {Index}/{Count}";
}

internal abstract record ScenarioCall;

internal sealed record SetupCall(long RequestId, string WriterId, string Segment, string Token) : ScenarioCall;

internal sealed record AppendCall(string Segment, string WriterId, long EventNumber, int Length, byte[]? Data) : ScenarioCall;

internal sealed record ConditionalAppendCall(string WriterId, long EventNumber, long ExpectedOffset, byte[] Data, long RequestId) : ScenarioCall;

internal sealed record ConditionalBlockEndCall(string WriterId, long EventNumber, long ExpectedOffset, byte[] Data, long RequestId) : ScenarioCall;

internal sealed record KeepAliveCall : ScenarioCall;

internal sealed record BatchTimeoutCall(long Token, long Returns) : ScenarioCall;

internal abstract record ScenarioOutput;

internal sealed record SetupOutput(long RequestId, string WriterId, string Segment) : ScenarioOutput;

internal sealed record AppendOutput(string WriterId, string Segment, int EventCount, long LastEventNumber, long RequestId,
    long? ExpectedOffset, byte[] Data) : ScenarioOutput;

internal sealed record CommandOutput(string Name) : ScenarioOutput;

internal sealed record AppendScenario(string Id, string Title, int BlockSize, IReadOnlyList<ScenarioCall> Calls,
    byte[] Stream, IReadOnlyList<ScenarioOutput> Outputs);

/// <summary>
/// Parses <c>wire-vectors.md</c> (golden vectors produced with Pravega's own Java encoder). The file lives in
/// the shared folder beside the repository: <c>&lt;repo&gt;/../shared/reference/wire-vectors.md</c>.
/// </summary>
internal static partial class WireVectorFile
{
    private static readonly Lazy<(List<CommandVector> Vectors, List<AppendScenario> Scenarios)> Parsed = new(Parse);

    public static IReadOnlyList<CommandVector> Vectors => Parsed.Value.Vectors;

    public static IReadOnlyList<AppendScenario> Scenarios => Parsed.Value.Scenarios;

    public static string Locate()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pravega.Perf.sln")))
        {
            dir = dir.Parent;
        }
        if (dir is null)
        {
            throw new InvalidOperationException($"no Pravega.Perf.sln above {AppContext.BaseDirectory}: cannot find the repository root");
        }
        var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "reference", "wire-vectors.md"));
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"golden vectors missing: expected {path} (the shared folder must sit beside the repository at {dir.FullName})", path);
        }
        return path;
    }

    private static (List<CommandVector>, List<AppendScenario>) Parse()
    {
        var lines = File.ReadAllLines(Locate());
        var vectors = new List<CommandVector>();
        var scenarios = new List<AppendScenario>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i] == "```text" && i + 1 < lines.Length && VectorHeader().Match(lines[i + 1]) is { Success: true } m)
            {
                var block = ReadBlock(lines, ref i);
                vectors.Add(ParseVector(m, block));
            }
            else if (lines[i].StartsWith("### Scenario (", StringComparison.Ordinal))
            {
                scenarios.Add(ParseScenario(lines, ref i));
            }
        }
        return (vectors, scenarios);
    }

    private static List<string> ReadBlock(string[] lines, ref int i)
    {
        var block = new List<string>();
        for (i++; i < lines.Length && lines[i] != "```"; i++)
        {
            block.Add(lines[i]);
        }
        return block;
    }

    private static CommandVector ParseVector(Match header, List<string> block)
    {
        var fields = new List<VectorField>();
        var k = 1;
        if (block[k].StartsWith("fields (wire order):", StringComparison.Ordinal))
        {
            for (k++; block[k].StartsWith("  ", StringComparison.Ordinal); k++)
            {
                var f = FieldLine().Match(block[k]);
                if (!f.Success)
                {
                    throw new FormatException($"unreadable field line '{block[k]}'");
                }
                fields.Add(new VectorField(f.Groups[1].Value, f.Groups[2].Value, f.Groups[3].Value));
            }
        }
        else
        {
            k++;
        }
        var frameLine = FrameLine().Match(block[k]);
        if (!frameLine.Success)
        {
            throw new FormatException($"expected a frame line, found '{block[k]}'");
        }
        var hex = new StringBuilder();
        for (k++; k < block.Count && HexLine().IsMatch(block[k]); k++)
        {
            hex.Append(block[k]);
        }
        return new CommandVector(header.Groups[1].Value, int.Parse(header.Groups[2].Value, CultureInfo.InvariantCulture),
            int.Parse(header.Groups[3].Value, CultureInfo.InvariantCulture), int.Parse(header.Groups[4].Value, CultureInfo.InvariantCulture),
            header.Groups[5].Value, fields, int.Parse(frameLine.Groups[1].Value, CultureInfo.InvariantCulture), Hex.Parse(hex.ToString()));
    }

    private static AppendScenario ParseScenario(string[] lines, ref int i)
    {
        var heading = ScenarioHeading().Match(lines[i]);
        var id = heading.Groups[1].Value;
        var title = heading.Groups[2].Value;
        var description = new StringBuilder(title);
        var blocks = new List<List<string>>();
        for (i++; i < lines.Length && !lines[i].StartsWith("### ", StringComparison.Ordinal); i++)
        {
            if (lines[i] == "```text")
            {
                blocks.Add(ReadBlock(lines, ref i));
            }
            else if (blocks.Count == 0)
            {
                description.Append(' ').Append(lines[i]);
            }
        }
        i--;
        var size = BlockSize().Match(description.ToString());
        var blockSize = size.Success ? int.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var calls = blocks[0].Skip(1).Select(ParseCall).ToList();
        var stream = Hex.Parse(string.Concat(blocks[1].Skip(1)));
        var declared = StreamLine().Match(blocks[1][0]);
        if (!declared.Success || int.Parse(declared.Groups[1].Value, CultureInfo.InvariantCulture) != stream.Length)
        {
            throw new FormatException($"scenario ({id}): byte stream length does not match '{blocks[1][0]}'");
        }
        var outputs = ParseOutputs(blocks[3]);
        return new AppendScenario(id, title, blockSize, calls, stream, outputs);
    }

    private static ScenarioCall ParseCall(string line)
    {
        line = line.Trim();
        if (line.StartsWith("write(SetupAppend{", StringComparison.Ordinal))
        {
            return new SetupCall(Long(line, "requestId"), Word(line, "writerId"), Str(line, "segment"), Str(line, "delegationToken"));
        }
        if (line.StartsWith("write(Append{", StringComparison.Ordinal))
        {
            var data = Regex.Match(line, @"event data \((\d+) bytes\)=([0-9a-f]+)(\.\.\.)?");
            var length = int.Parse(data.Groups[1].Value, CultureInfo.InvariantCulture);
            return new AppendCall(Str(line, "segment"), Word(line, "writerId"), Long(line, "eventNumber"), length,
                data.Groups[3].Success ? null : Hex.Parse(data.Groups[2].Value));
        }
        if (line.StartsWith("write(ConditionalAppend{", StringComparison.Ordinal))
        {
            return new ConditionalAppendCall(Word(line, "writerId"), Long(line, "eventNumber"), Long(line, "expectedOffset"),
                Hex.Parse(Regex.Match(line, @"event data \(\d+ bytes\)=([0-9a-f]+)").Groups[1].Value), Long(line, "requestId"));
        }
        if (line.StartsWith("write(ConditionalBlockEnd{", StringComparison.Ordinal))
        {
            return new ConditionalBlockEndCall(Word(line, "writerId"), Long(line, "eventNumber"), Long(line, "expectedOffset"),
                Hex.Parse(Regex.Match(line, @"data \(\d+ bytes\)=([0-9a-f]+)").Groups[1].Value), Long(line, "requestId"));
        }
        if (line == "write(KeepAlive)")
        {
            return new KeepAliveCall();
        }
        var timeout = Regex.Match(line, @"^batchTimeout\((-?\d+)\) -> (-?\d+)");
        if (timeout.Success)
        {
            return new BatchTimeoutCall(long.Parse(timeout.Groups[1].Value, CultureInfo.InvariantCulture),
                long.Parse(timeout.Groups[2].Value, CultureInfo.InvariantCulture));
        }
        throw new FormatException($"unknown encoder call '{line}'");
    }

    private static List<ScenarioOutput> ParseOutputs(List<string> block)
    {
        var outputs = new List<ScenarioOutput>();
        for (var k = 1; k < block.Count; k++)
        {
            var line = block[k];
            if (line.StartsWith("SetupAppend passed through:", StringComparison.Ordinal))
            {
                var m = Regex.Match(line, "requestId (-?\\d+) .*writerId ([0-9a-f-]+), segment (\".*\")$");
                outputs.Add(new SetupOutput(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value,
                    ParseLiteral(m.Groups[3].Value, out _)));
            }
            else if (line.StartsWith("Append #", StringComparison.Ordinal))
            {
                var values = new Dictionary<string, string>();
                var data = new StringBuilder();
                for (k++; k < block.Count && block[k].StartsWith("  ", StringComparison.Ordinal); k++)
                {
                    var text = block[k].Trim();
                    if (text == "data:")
                    {
                        for (k++; k < block.Count && block[k].StartsWith("    ", StringComparison.Ordinal); k++)
                        {
                            data.Append(block[k].Trim());
                        }
                        k--;
                        continue;
                    }
                    var parts = Regex.Match(text, @"^(\w+)\s+(.*)$");
                    values[parts.Groups[1].Value] = parts.Groups[2].Value;
                }
                k--;
                long First(string key) => long.Parse(values[key].Split(' ')[0], CultureInfo.InvariantCulture);
                var expected = values["expectedOffset"].StartsWith("none", StringComparison.Ordinal) ? (long?)null : First("expectedOffset");
                var bytes = Hex.Parse(data.ToString());
                if (bytes.Length != First("dataLength"))
                {
                    throw new FormatException($"append data is {bytes.Length} bytes, listed dataLength {values["dataLength"]}");
                }
                outputs.Add(new AppendOutput(values["writerId"], ParseLiteral(values["segment"], out _), (int)First("eventCount"),
                    First("lastEventNumber"), First("requestId"), expected, bytes));
            }
            else if (line.Length > 0 && !line.StartsWith(' '))
            {
                outputs.Add(new CommandOutput(line.Split(' ')[0]));
            }
        }
        return outputs;
    }

    private static long Long(string line, string key) =>
        long.Parse(Regex.Match(line, $@"\b{key}=(-?\d+)").Groups[1].Value, CultureInfo.InvariantCulture);

    private static string Word(string line, string key) => Regex.Match(line, $@"\b{key}=([0-9a-f-]+)").Groups[1].Value;

    private static string Str(string line, string key) =>
        ParseLiteral(line[(line.IndexOf(key + "=\"", StringComparison.Ordinal) + key.Length + 1)..], out _);

    /// <summary>Parses a quoted literal at the start of <paramref name="text"/> (C#/Java escapes).</summary>
    public static string ParseLiteral(string text, out int end)
    {
        if (text.Length == 0 || text[0] != '"')
        {
            throw new FormatException($"expected a string literal, found '{text}'");
        }
        var sb = new StringBuilder();
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                end = i + 1;
                return sb.ToString();
            }
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            var e = text[++i];
            switch (e)
            {
                case 'u':
                    sb.Append((char)Convert.ToUInt16(text.Substring(i + 1, 4), 16));
                    i += 4;
                    break;
                case 'n':
                    sb.Append('\n');
                    break;
                case 't':
                    sb.Append('\t');
                    break;
                case 'r':
                    sb.Append('\r');
                    break;
                case '0':
                    sb.Append('\0');
                    break;
                default:
                    sb.Append(e);
                    break;
            }
        }
        throw new FormatException($"unterminated string literal '{text}'");
    }

    [GeneratedRegex(@"^(\S+)  type=(-?\d+)  vector (\d+)/(\d+): (.*)$")]
    private static partial Regex VectorHeader();

    [GeneratedRegex(@"^  (\S+)\s+(int8|int32|int64|bool|uuid|utf|bytes|zeros)\s+(.*)$")]
    private static partial Regex FieldLine();

    [GeneratedRegex(@"^frame: (\d+) bytes")]
    private static partial Regex FrameLine();

    [GeneratedRegex(@"^[0-9a-f]+$")]
    private static partial Regex HexLine();

    [GeneratedRegex(@"^### Scenario \((\w+)\): (.*)$")]
    private static partial Regex ScenarioHeading();

    [GeneratedRegex(@"block size (\d+)")]
    private static partial Regex BlockSize();

    [GeneratedRegex(@"^byte stream: (\d+) bytes")]
    private static partial Regex StreamLine();
}

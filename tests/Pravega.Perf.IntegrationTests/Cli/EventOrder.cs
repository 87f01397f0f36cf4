namespace Pravega.Perf.IntegrationTests.Cli;

/// <summary>Checks on the synthetic events of <c>stream write --count</c> (<c>key-K i</c> padded with dots) as <c>stream read</c> prints them.</summary>
public static class EventOrder
{
    /// <summary>The event indexes per key, in the order read.</summary>
    public static Dictionary<string, List<long>> ByKey(IEnumerable<string> lines)
    {
        var byKey = new Dictionary<string, List<long>>();
        foreach (var line in lines.Where(l => l.StartsWith("key-", StringComparison.Ordinal)))
        {
            var parts = line.TrimEnd('.').Split(' ');
            var key = parts[0];
            if (!byKey.TryGetValue(key, out var list))
            {
                byKey[key] = list = [];
            }
            list.Add(long.Parse(parts[1]));
        }
        return byKey;
    }

    /// <summary>Asserts that exactly events 0…count-1 of <paramref name="keys"/> keys are there, each key's in writing order.</summary>
    public static void AssertComplete(IEnumerable<string> lines, long count, int keys)
    {
        var byKey = ByKey(lines);
        Assert.Equal(keys, byKey.Count);
        for (var k = 0; k < keys; k++)
        {
            var expected = Enumerable.Range(0, (int)count).Where(i => i % keys == k).Select(i => (long)i);
            Assert.Equal(expected, byKey[$"key-{k}"]);
        }
    }
}

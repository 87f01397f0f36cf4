namespace Pravega.Perf.LoadHarness.Run;

/// <summary>
/// Picks the routing key of each event: uniform over <c>--keys</c> keys, or Zipf-distributed with exponent
/// <c>--key-skew</c> (key 0 hottest), as hot keys in real traffic are. Seeded per producer so runs repeat.
/// </summary>
internal sealed class KeyChooser
{
    private readonly Random _random;
    private readonly double[]? _cumulative;
    private readonly int _keys;

    public KeyChooser(int keys, double skew, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keys, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(skew);
        _keys = keys;
        _random = new Random(seed);
        if (skew > 0)
        {
            // Cumulative Zipf weights 1/k^s, normalized; a draw is a binary search in them.
            _cumulative = new double[keys];
            double sum = 0;
            for (var k = 0; k < keys; k++)
            {
                sum += 1 / Math.Pow(k + 1, skew);
                _cumulative[k] = sum;
            }
            for (var k = 0; k < keys; k++)
            {
                _cumulative[k] /= sum;
            }
        }
    }

    public int Next()
    {
        if (_cumulative is null)
        {
            return _random.Next(_keys);
        }
        var index = Array.BinarySearch(_cumulative, _random.NextDouble());
        return Math.Min(_keys - 1, index < 0 ? ~index : index);
    }
}

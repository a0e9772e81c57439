namespace FlagGrains.Domain.JsonLogic;

/// <summary>
/// A read-only JSON object used both for evaluation contexts and for object literals in rules. Small
/// objects (a context has a handful of attributes) are two parallel arrays searched linearly: that is as
/// fast as hashing for a few keys, and keeps a context a third of the size of a Dictionary-backed one,
/// which matters when many contexts are live at once (100k users in a benchmark, bursts on a gateway).
/// </summary>
internal sealed class LogicObject
{
    internal const int ScanLimit = 8;

    private readonly string[] _keys;
    private readonly LogicValue[] _values;
    private readonly Dictionary<string, LogicValue>? _map;

    /// <summary>Wraps <paramref name="properties"/> as is (no copy).</summary>
    public LogicObject(Dictionary<string, LogicValue> properties)
    {
        _keys = [];
        _values = [];
        _map = properties;
    }

    private LogicObject(string[] keys, LogicValue[] values)
    {
        _keys = keys;
        _values = values;
    }

    public static LogicObject Empty { get; } = new([], []);

    public int Count => _map?.Count ?? _keys.Length;

    public IEnumerable<KeyValuePair<string, LogicValue>> Properties =>
        _map ?? _keys.Select((key, i) => new KeyValuePair<string, LogicValue>(key, _values[i]));

    public bool TryGetValue(string key, out LogicValue value)
    {
        if (_map is not null)
        {
            return _map.TryGetValue(key, out value);
        }

        for (var i = 0; i < _keys.Length; i++)
        {
            if (string.Equals(_keys[i], key, StringComparison.Ordinal))
            {
                value = _values[i];
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Builds an object from properties in order; a repeated key keeps its first position and its last value
    /// (as JSON.parse and a Dictionary indexer do).
    /// </summary>
    internal struct Builder(int capacity)
    {
        private string[] _keys = capacity <= ScanLimit ? new string[capacity] : [];
        private LogicValue[] _values = capacity <= ScanLimit ? new LogicValue[capacity] : [];
        private Dictionary<string, LogicValue>? _map = capacity <= ScanLimit ? null : new(capacity, StringComparer.Ordinal);
        private int _count;

        public void Add(string key, LogicValue value)
        {
            if (_map is not null)
            {
                _map[key] = value;
                return;
            }

            for (var i = 0; i < _count; i++)
            {
                if (string.Equals(_keys[i], key, StringComparison.Ordinal))
                {
                    _values[i] = value;
                    return;
                }
            }

            if (_count == _keys.Length)
            {
                // More properties than announced: fall back to a dictionary, keeping the order so far.
                _map = new Dictionary<string, LogicValue>(_count + 1, StringComparer.Ordinal);
                for (var i = 0; i < _count; i++)
                {
                    _map[_keys[i]] = _values[i];
                }

                _map[key] = value;
                return;
            }

            _keys[_count] = key;
            _values[_count++] = value;
        }

        public readonly LogicObject Build()
        {
            if (_map is not null)
            {
                return new LogicObject(_map);
            }

            return _count switch
            {
                0 => Empty,
                _ when _count == _keys.Length => new LogicObject(_keys, _values),
                _ => new LogicObject(_keys[.._count], _values[.._count]),
            };
        }
    }
}

namespace FlagGrains.Domain.JsonLogic;

/// <summary>The JSON types a JsonLogic value can take at evaluation time.</summary>
internal enum LogicValueKind : byte
{
    Null,
    Boolean,
    Number,
    String,
    Array,
    Object,
}

using System.Text.Json;
using FlagGrains.Domain.JsonLogic.Nodes;
using FlagGrains.Domain.Model;
using FlagGrains.Domain.Operators;

namespace FlagGrains.Domain.JsonLogic;

/// <summary>Operator dispatch: which node each JsonLogic / flagd operator compiles to.</summary>
internal sealed partial class LogicCompiler
{
    private LogicNode? CompileOperation(string name, JsonElement rawArguments, List<JsonElement> args, string path, bool scoped)
    {
        switch (name)
        {
            case "var":
                return CompileVar(args, path, scoped);
            case "missing":
                return new MissingNode(CompileAll(args, path, scoped));
            case "missing_some":
                RequireCount(name, args, path, 2, 2);
                return new MissingSomeNode(CompileAt(args, 0, path, scoped) ?? ConstantNode.Null, CompileAt(args, 1, path, scoped) ?? ConstantNode.Null);
            case "if" or "?:":
                var branches = CompileAll(args, path, scoped);
                return Fold(new IfNode(branches), branches);
            case "and":
                var conjuncts = CompileAll(args, path, scoped);
                return Fold(new AndNode(conjuncts), conjuncts);
            case "or":
                var disjuncts = CompileAll(args, path, scoped);
                return Fold(new OrNode(disjuncts), disjuncts);
            case "!" or "!!":
                RequireCount(name, args, path, 1, 1);
                var operand = CompileAt(args, 0, path, scoped);
                return Fold(new TruthNode(operand, negate: name == "!"), operand);
            case "==" or "===" or "!=" or "!==":
                return CompileEquality(name, args, path, scoped);
            case "<" or "<=":
                RequireCount(name, args, path, 2, 3);
                return CompileComparison(args, path, scoped, greater: false, orEqual: name == "<=", allowBetween: true);
            case ">" or ">=":
                RequireCount(name, args, path, 2, 2);
                return CompileComparison(args, path, scoped, greater: true, orEqual: name == ">=", allowBetween: false);
            case "+":
                var addends = CompileAll(args, path, scoped);
                return Fold(new AddNode(addends), addends);
            case "*":
                var factors = CompileAll(args, path, scoped);
                return Fold(new MultiplyNode(factors), factors);
            case "-" or "/" or "%":
                RequireCount(name, args, path, name == "-" ? 1 : 2, 2);
                var left = CompileAt(args, 0, path, scoped);
                var right = CompileAt(args, 1, path, scoped);
                return Fold(new BinaryArithmeticNode(left, right, name[0]), left, right);
            case "min" or "max":
                var numbers = CompileAll(args, path, scoped);
                return Fold(new MinMaxNode(numbers, max: name == "max"), numbers);
            case "cat":
                var parts = CompileAll(args, path, scoped);
                return Fold(new CatNode(parts), parts);
            case "substr":
                RequireCount(name, args, path, 2, 3);
                var source = CompileAt(args, 0, path, scoped) ?? ConstantNode.Null;
                var start = CompileAt(args, 1, path, scoped);
                var length = CompileAt(args, 2, path, scoped);
                return Fold(new SubstrNode(source, start, length), source, start, length);
            case "in":
                RequireCount(name, args, path, 2, 2);
                return CompileIn(args, path, scoped);
            case "merge":
                var merged = CompileAll(args, path, scoped);
                return Fold(new MergeNode(merged), merged);
            case "map" or "filter":
            {
                RequireCount(name, args, path, 2, 2);
                var list = CompileAt(args, 0, path, scoped) ?? ConstantNode.Null;
                var (body, stepsPerItem) = CompileLoopBody(args, 1, list, path);
                return new MapFilterNode(list, body, filter: name == "filter", stepsPerItem);
            }

            case "reduce":
            {
                RequireCount(name, args, path, 3, 3);
                var list = CompileAt(args, 0, path, scoped) ?? ConstantNode.Null;
                var (body, stepsPerItem) = CompileLoopBody(args, 1, list, path);
                return new ReduceNode(list, body, CompileAt(args, 2, path, scoped), stepsPerItem);
            }

            case "all" or "some" or "none":
            {
                RequireCount(name, args, path, 2, 2);
                var quantifier = name switch { "all" => Quantifier.All, "some" => Quantifier.Some, _ => Quantifier.None };
                var list = CompileAt(args, 0, path, scoped) ?? ConstantNode.Null;
                var (body, stepsPerItem) = CompileLoopBody(args, 1, list, path);
                return new QuantifierNode(list, body, quantifier, stepsPerItem);
            }

            case "fractional":
                return CompileFractional(rawArguments, args, path, scoped);
            case "sem_ver":
                return CompileSemVer(args, path, scoped);
            case "starts_with" or "ends_with":
                return CompileStringAffix(args, path, scoped, suffix: name == "ends_with");
            default:
                return null;
        }
    }

    private void RequireCount(string name, List<JsonElement> args, string path, int min, int max)
    {
        if (args.Count < min || args.Count > max)
        {
            var expected = min == max ? $"{min}" : $"{min} to {max}";
            Report(path, $"'{name}' takes {expected} arguments, got {args.Count}", fatal: false);
        }
    }

    private LogicNode CompileEquality(string name, List<JsonElement> args, string path, bool scoped)
    {
        RequireCount(name, args, path, 2, 2);
        var strict = name.Length == 3;
        var negate = name[0] == '!';
        if (args.Count < 2)
        {
            // A missing operand is JavaScript's undefined: loosely equal only to null, strictly to nothing.
            var only = CompileAt(args, 0, path, scoped);
            if (only is null)
            {
                return new ConstantNode(LogicValue.FromBoolean(!negate));
            }

            return strict
                ? new ConstantNode(LogicValue.FromBoolean(negate))
                : Fold(new EqualityNode(only, ConstantNode.Null, strict: false, negate), only);
        }

        var left = CompileAt(args, 0, path, scoped)!;
        var right = CompileAt(args, 1, path, scoped)!;
        return Fold(new EqualityNode(left, right, strict, negate), left, right);
    }

    private LogicNode CompileComparison(List<JsonElement> args, string path, bool scoped, bool greater, bool orEqual, bool allowBetween)
    {
        if (args.Count < 2)
        {
            // Comparing with undefined is always false in JavaScript.
            return new ConstantNode(LogicValue.False);
        }

        var first = CompileAt(args, 0, path, scoped)!;
        var second = CompileAt(args, 1, path, scoped)!;
        var third = allowBetween ? CompileAt(args, 2, path, scoped) : null;
        return Fold(new ComparisonNode(first, second, third, greater, orEqual), first, second, third);
    }

    private LogicNode CompileIn(List<JsonElement> args, string path, bool scoped)
    {
        var needle = CompileAt(args, 0, path, scoped) ?? ConstantNode.Null;
        var haystack = CompileAt(args, 1, path, scoped) ?? ConstantNode.Null;
        if (haystack is ConstantNode { Value.Kind: LogicValueKind.Array } list
            && list.Value.AsArray.Length > 8
            && Array.TrueForAll(list.Value.AsArray, item => item.Kind == LogicValueKind.String))
        {
            var members = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in list.Value.AsArray)
            {
                members.Add(item.AsString);
            }

            return Fold(new InStringSetNode(needle, members), needle);
        }

        if (haystack is ConstantNode { Value.Kind: LogicValueKind.Array } scanned)
        {
            AddWorstCase(scanned.Value.AsArray.Length, path);
        }

        return Fold(new InNode(needle, haystack), needle, haystack);
    }

    private LogicNode CompileVar(List<JsonElement> args, string path, bool scoped)
    {
        if (args.Count == 0)
        {
            return new VarNode([], null);
        }

        var pathArgument = args[0];
        var fallback = CompileAt(args, 1, path, scoped);
        if (pathArgument.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            var dynamicPath = Compile(pathArgument, ArgumentPath(path, args.Count, 0), scoped);
            return dynamicPath is ConstantNode constant
                ? StaticVar(constant.Value, fallback, path, scoped)
                : new DynamicVarNode(dynamicPath, fallback);
        }

        return StaticVar(LogicValueConverter.FromElement(pathArgument), fallback, path, scoped);
    }

    private LogicNode StaticVar(LogicValue pathValue, LogicNode? fallback, string path, bool scoped)
    {
        var text = pathValue.IsNull ? string.Empty : JsConversions.ToJsString(pathValue);
        if (!scoped && (text == FlagdPrefix || text.StartsWith(FlagdPrefix + ".", StringComparison.Ordinal)))
        {
            return FlagdProperty(text, fallback, path);
        }

        return new VarNode(DataPath.Split(text), fallback);
    }

    /// <summary>flagd injects $flagd.flagKey and $flagd.timestamp; they override any context attribute.</summary>
    private LogicNode FlagdProperty(string text, LogicNode? fallback, string path)
    {
        switch (text)
        {
            case FlagdPrefix:
                return new FlagdPropertiesNode(_flagKey);
            case FlagdPrefix + ".flagKey":
                return new ConstantNode(LogicValue.FromString(_flagKey));
            case FlagdPrefix + ".timestamp":
                return TimestampNode.Instance;
            default:
                Report(path, $"'{text}' is not a flagd property (only $flagd.flagKey and $flagd.timestamp exist)", fatal: false);
                return fallback ?? ConstantNode.Null;
        }
    }

    private LogicNode CompileSemVer(List<JsonElement> args, string path, bool scoped)
    {
        if (args.Count != 3)
        {
            Report(path, $"'sem_ver' takes 3 arguments (version, operator, target), got {args.Count}; it always yields null", fatal: false);
            CompileAll(args, path, scoped);
            return ConstantNode.Null;
        }

        var nodes = CompileAll(args, path, scoped);
        if (nodes[1] is ConstantNode op && !(op.Value.TryGetString(out var opText) && SemVerNode.IsKnownOperator(opText)))
        {
            Report(JsonPath.Index(path, 1), $"'{op.Value}' is not a sem_ver operator (=, !=, <, <=, >, >=, ^, ~); it always yields null", fatal: false);
        }

        for (var i = 0; i < 3; i += 2)
        {
            if (nodes[i] is ConstantNode literal && !SemVerNode.TryParseVersion(literal.Value, out _))
            {
                Report(JsonPath.Index(path, i), $"'{literal.Value}' is not a semantic version; sem_ver always yields null", fatal: false);
            }
        }

        return Fold(new SemVerNode(nodes[0], nodes[1], nodes[2]), nodes);
    }

    private LogicNode CompileStringAffix(List<JsonElement> args, string path, bool scoped, bool suffix)
    {
        var name = suffix ? "ends_with" : "starts_with";
        if (args.Count != 2)
        {
            Report(path, $"'{name}' takes 2 arguments, got {args.Count}; it always yields null", fatal: false);
            CompileAll(args, path, scoped);
            return ConstantNode.Null;
        }

        var nodes = CompileAll(args, path, scoped);
        for (var i = 0; i < 2; i++)
        {
            if (nodes[i] is ConstantNode literal && literal.Value.Kind != LogicValueKind.String)
            {
                Report(JsonPath.Index(path, i), $"'{name}' compares strings; {literal.Value.Kind} makes it yield null", fatal: false);
            }
        }

        return Fold(new StringAffixNode(nodes[0], nodes[1], suffix), nodes);
    }
}

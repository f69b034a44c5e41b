using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AutoDiff.Weaver.Diagnostics
{
    /// <summary>
    /// Spells what Cecil reads (types, methods, fields, parameters, locals) as the user wrote it in
    /// C#, for every message the weaver prints: <c>double[,]</c> not <c>Double[0...,0...]</c>,
    /// <c>List&lt;double&gt;.this[int]</c> not <c>List`1.get_Item</c>, <c>T</c> or its argument,
    /// never <c>!0</c>. Namespaces are left out: the user's code names types by their short name.
    /// </summary>
    public static class CSharpNames
    {
        /// <summary>
        /// A type as C# writes it. Type parameters are replaced by the arguments
        /// <paramref name="context"/> gives (its declaring type's and its own), else spelled by their
        /// declared names.
        /// </summary>
        public static string Type(TypeReference type, MethodReference? context = null)
        {
            switch (type)
            {
                case GenericParameter p: return TypeParameter(p, context);
                case ByReferenceType r: return "ref " + Type(r.ElementType, context);
                case PointerType p: return Type(p.ElementType, context) + "*";
                case ArrayType a: return ArrayName(a, context);
                case IModifierType m: return Type(m.ElementType, context);
                case PinnedType p: return Type(p.ElementType, context);
                case GenericInstanceType g: return Named(g.ElementType, g.GenericArguments.Select(t => Type(t, context)).ToList());
            }
            return Keyword(type) ?? Named(type, new List<string>());
        }

        /// <summary>A type from the weaver's IR, for messages about IL values (AD2007).</summary>
        public static string Type(IR.IrType type) => type.Kind switch
        {
            IR.IrTypeKind.Void => "void",
            IR.IrTypeKind.Int32 => "int",
            IR.IrTypeKind.Int64 => "long",
            IR.IrTypeKind.NativeInt => "nint",
            IR.IrTypeKind.Float32 => "float",
            IR.IrTypeKind.Float64 => "double",
            IR.IrTypeKind.ByRef => "ref " + Type(type.ElementClr!),
            IR.IrTypeKind.Pointer => Type(type.ElementClr!) + "*",
            _ => Type(type.Clr!),
        };

        /// <summary>A parameter's type as its declaration reads: <c>in</c>/<c>out</c>/<c>ref</c> spelled out.</summary>
        public static string Type(ParameterDefinition parameter)
        {
            if (parameter.ParameterType is ByReferenceType r)
            {
                var mode = parameter.IsOut ? "out " : parameter.IsIn ? "in " : "ref ";
                return mode + Type(r.ElementType);
            }
            return Type(parameter.ParameterType);
        }

        /// <summary>
        /// A method as the user's code names it: <c>Math.Sin</c>, <c>Complex.Real</c> (a property),
        /// <c>List&lt;double&gt;.this[int]</c> (an indexer), <c>Complex.operator +</c>,
        /// <c>new Complex(double, double)</c>, <c>an element read of double[,]</c>.
        /// </summary>
        public static string Method(MethodReference method)
        {
            var owner = Type(method.DeclaringType, method);
            if (method.DeclaringType is ArrayType)
            {
                switch (method.Name)
                {
                    case "Get": return "an element read of " + owner;
                    case "Set": return "an element write of " + owner;
                    case "Address": return "a reference to an element of " + owner;
                    case ".ctor": return "new " + owner;
                }
            }
            var name = method.Name;
            var generated = CompilerGenerated.Match(name);
            if (generated.Success)
            {
                var outer = owner + "." + generated.Groups[1].Value;
                return generated.Groups[2].Value == "g" ? $"local function {generated.Groups[3].Value} in {outer}" : $"a lambda in {outer}";
            }
            if (name == ".ctor") return "new " + owner + "(" + ParameterTypes(method) + ")";
            if (name == ".cctor") return "the static constructor of " + owner;
            // By name: a reference does not say it is an accessor (SpecialName) unless resolved.
            bool isAccessor = name.StartsWith("get_") || name.StartsWith("set_");
            if (isAccessor && name.Substring(4) == "Item" && (name[0] == 'g' ? method.Parameters.Count > 0 : method.Parameters.Count > 1))
            {
                var indices = name[0] == 'g' ? method.Parameters : method.Parameters.Take(method.Parameters.Count - 1);
                return owner + ".this[" + string.Join(", ", indices.Select(p => Type(p.ParameterType, method))) + "]";
            }
            if (isAccessor) return owner + "." + name.Substring(4);
            if (name is "op_Implicit" or "op_Explicit" && method.Parameters.Count == 1)
            {
                return $"the {name.Substring(3).ToLowerInvariant()} conversion from {Type(method.Parameters[0].ParameterType, method)} to {Type(method.ReturnType, method)}";
            }
            if (name.StartsWith("op_") && Operators.TryGetValue(name, out var op)) return owner + ".operator " + op;
            var typeArguments = method is GenericInstanceMethod g ? "<" + string.Join(", ", g.GenericArguments.Select(t => Type(t, method))) + ">" : "";
            return owner + "." + name + typeArguments;
        }

        /// <summary>A method with its parameter types, where overloads make the name alone unclear: <c>List&lt;double&gt;.Insert(int, double)</c> (accessors and constructors as <see cref="Method"/> spells them).</summary>
        public static string MethodWithParameters(MethodReference method)
        {
            var name = Method(method);
            return method.Name.StartsWith("get_") || method.Name.StartsWith("set_") || method.Name.StartsWith(".") || method.Name.StartsWith("op_") ? name : name + "(" + ParameterTypes(method) + ")";
        }

        /// <summary>A field as <c>Type.Name</c>.</summary>
        public static string Field(FieldReference field)
        {
            if (IsLambdaCache(field)) return "the cached delegate of a lambda";
            var backing = BackingField.Match(field.Name);
            if (backing.Success) return Type(field.DeclaringType) + "." + backing.Groups[1].Value + " (an auto-property)";
            return field.Name.StartsWith("<") ? "a field the compiler made" : Type(field.DeclaringType) + "." + field.Name;
        }

        /// <summary>
        /// A static field in which the C# compiler keeps a lambda's delegate (<c>&lt;&gt;c.&lt;&gt;9__0_0</c>)
        /// or the closure class's single instance (<c>&lt;&gt;c.&lt;&gt;9</c>): code that passes a lambda reads it.
        /// </summary>
        public static bool IsLambdaCache(FieldReference field) => field.Name.StartsWith("<>9") && field.DeclaringType.Name.StartsWith("<>c");

        private static readonly System.Text.RegularExpressions.Regex BackingField = new System.Text.RegularExpressions.Regex(@"^<(\w+)>k__BackingField$");

        /// <summary>A parameter by name in quotes, or <c>parameter 2</c> when it has none (a reference to a library's method names none).</summary>
        public static string Parameter(ParameterDefinition parameter)
        {
            if (!string.IsNullOrEmpty(parameter.Name)) return "'" + parameter.Name + "'";
            var declared = Resolve(parameter.Method as MethodReference)?.Parameters.ElementAtOrDefault(parameter.Index)?.Name;
            return string.IsNullOrEmpty(declared) ? "parameter " + (parameter.Index + 1) : "'" + declared + "'";
        }

        /// <summary>A local by its name in the PDB (<c>local 'sum'</c>), else <c>a local variable</c>: the compiler's own locals have no name the user would know.</summary>
        public static string Local(MethodDefinition method, VariableDefinition local) =>
            method.DebugInformation != null && method.DebugInformation.TryGetName(local, out var name) && !string.IsNullOrEmpty(name) && !name.StartsWith("CS$")
                ? $"local '{name}'"
                : "a local variable";

        private static string TypeParameter(GenericParameter p, MethodReference? context)
        {
            if (context != null)
            {
                if (p.Type == GenericParameterType.Type && OwnerInstance(context.DeclaringType) is { } owner && p.Position < owner.GenericArguments.Count)
                {
                    return Type(owner.GenericArguments[p.Position]);
                }
                if (p.Type == GenericParameterType.Method && context is GenericInstanceMethod m && p.Position < m.GenericArguments.Count)
                {
                    return Type(m.GenericArguments[p.Position]);
                }
            }
            if (!p.Name.StartsWith("!")) return p.Name;
            // A member reference names its type parameters by position (!0, !!0): the declaration has the names.
            var declared = p.Type == GenericParameterType.Method
                ? Resolve(context)?.GenericParameters.ElementAtOrDefault(p.Position)?.Name
                : Resolve(context?.DeclaringType)?.GenericParameters.ElementAtOrDefault(p.Position)?.Name;
            return declared ?? (p.Position == 0 ? "T" : "T" + (p.Position + 1));
        }

        private static GenericInstanceType? OwnerInstance(TypeReference? type)
        {
            for (; type != null; type = type.DeclaringType)
            {
                if (type is GenericInstanceType g) return g;
            }
            return null;
        }

        private static string ArrayName(ArrayType array, MethodReference? context)
        {
            // The outer array's brackets come first, as C# writes them: a double[,][] is a matrix of double[].
            var suffix = "";
            TypeReference element = array;
            while (element is ArrayType a)
            {
                suffix += "[" + new string(',', a.Rank - 1) + "]";
                element = a.ElementType;
            }
            return Type(element, context) + suffix;
        }

        /// <summary>A named type with its arguments, nested types after their outer ones: <c>Outer&lt;double&gt;.Inner</c>.</summary>
        private static string Named(TypeReference type, IReadOnlyList<string> arguments)
        {
            if (Keyword(type) is { } keyword) return keyword;
            var chain = new List<TypeReference>();
            for (var t = type; t != null; t = t.DeclaringType) chain.Insert(0, t);
            if (arguments.Count == 0 && type.HasGenericParameters)
            {
                arguments = type.GenericParameters.Select(p => TypeParameter(p, null)).ToList();
            }
            if (chain.Count == 1 && type.Namespace == "System" && type.Name == "Nullable`1" && arguments.Count == 1) return arguments[0] + "?";
            if (chain.Count == 1 && type.Namespace == "System" && type.Name.StartsWith("ValueTuple`") && arguments.Count > 1) return "(" + string.Join(", ", arguments) + ")";
            var parts = new List<string>();
            int used = 0;
            foreach (var t in chain)
            {
                // A closure class (<>c, <>c__DisplayClass0_0) is not a type the user wrote: its methods name their method.
                if (t.Name.StartsWith("<")) continue;
                int tick = t.Name.IndexOf('`');
                int arity = tick < 0 ? 0 : int.Parse(t.Name.Substring(tick + 1));
                var name = tick < 0 ? t.Name : t.Name.Substring(0, tick);
                var own = arguments.Skip(used).Take(arity).ToList();
                used += own.Count;
                parts.Add(own.Count == 0 ? name : name + "<" + string.Join(", ", own) + ">");
            }
            return string.Join(".", parts);
        }

        private static string? Keyword(TypeReference type)
        {
            if (type.Namespace != "System" || type.DeclaringType != null) return null;
            return type.Name switch
            {
                "Void" => "void",
                "Boolean" => "bool",
                "Char" => "char",
                "SByte" => "sbyte",
                "Byte" => "byte",
                "Int16" => "short",
                "UInt16" => "ushort",
                "Int32" => "int",
                "UInt32" => "uint",
                "Int64" => "long",
                "UInt64" => "ulong",
                "Single" => "float",
                "Double" => "double",
                "Decimal" => "decimal",
                "String" => "string",
                "Object" => "object",
                "IntPtr" => "nint",
                "UIntPtr" => "nuint",
                _ => null,
            };
        }

        private static string ParameterTypes(MethodReference method) =>
            string.Join(", ", method.Parameters.Select(p => Type(p.ParameterType, method)));

        private static MethodDefinition? Resolve(MethodReference? method)
        {
            try { return method?.Resolve(); }
            catch (AssemblyResolutionException) { return null; }
        }

        private static TypeDefinition? Resolve(TypeReference? type)
        {
            try { return type?.Resolve(); }
            catch (AssemblyResolutionException) { return null; }
        }

        /// <summary>A local function (<c>&lt;F&gt;g__Square|0_0</c>) or a lambda (<c>&lt;F&gt;b__0_0</c>) of method F, as the C# compiler names them.</summary>
        private static readonly System.Text.RegularExpressions.Regex CompilerGenerated = new System.Text.RegularExpressions.Regex(@"^<(\w+)>([gb])__(\w*)");

        private static readonly Dictionary<string, string> Operators = new Dictionary<string, string>
        {
            ["op_Addition"] = "+", ["op_Subtraction"] = "-", ["op_Multiply"] = "*", ["op_Division"] = "/",
            ["op_Modulus"] = "%", ["op_UnaryNegation"] = "-", ["op_UnaryPlus"] = "+", ["op_Increment"] = "++",
            ["op_Decrement"] = "--", ["op_Equality"] = "==", ["op_Inequality"] = "!=", ["op_LessThan"] = "<",
            ["op_GreaterThan"] = ">", ["op_LessThanOrEqual"] = "<=", ["op_GreaterThanOrEqual"] = ">=",
            ["op_BitwiseAnd"] = "&", ["op_BitwiseOr"] = "|", ["op_ExclusiveOr"] = "^", ["op_OnesComplement"] = "~",
            ["op_LogicalNot"] = "!", ["op_LeftShift"] = "<<", ["op_RightShift"] = ">>", ["op_UnsignedRightShift"] = ">>>",
            ["op_True"] = "true", ["op_False"] = "false",
            ["op_CheckedAddition"] = "checked +", ["op_CheckedSubtraction"] = "checked -",
            ["op_CheckedMultiply"] = "checked *", ["op_CheckedDivision"] = "checked /",
        };
    }
}

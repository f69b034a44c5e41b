using System.Collections.Generic;
using System.Linq;
using AutoDiff.Weaver.Diagnostics;
using AutoDiff.Weaver.Differentiation;
using Mono.Cecil;

namespace AutoDiff.Weaver.Frontend
{
    /// <summary>
    /// Finds the AutoDiff attributes in a module and turns each into a checked
    /// <see cref="DerivativeRequest"/>: the right number of activities, each valid for its mode
    /// and for its parameter's type. The generator reports the same mistakes in the IDE; the
    /// weaver checks again because it may run on an assembly built without the generator.
    /// </summary>
    public static class DerivativeRequestReader
    {
        public const string ReverseAttribute = "AutoDiff.AutoDiffReverseAttribute";
        public const string ForwardAttribute = "AutoDiff.AutoDiffForwardAttribute";

        /// <summary>Every (method, attribute) pair in the module, in metadata order.</summary>
        public static IEnumerable<(MethodDefinition Method, CustomAttribute Attribute)> FindAttributes(ModuleDefinition module)
        {
            foreach (var type in module.GetTypes())
            {
                foreach (var method in type.Methods)
                {
                    if (!method.HasCustomAttributes) continue;
                    foreach (var a in method.CustomAttributes)
                    {
                        var name = a.AttributeType.FullName;
                        if (name == ReverseAttribute || name == ForwardAttribute) yield return (method, a);
                    }
                }
            }
        }

        /// <summary>Reads and checks one attribute; throws <see cref="DiagnosticException"/> for user mistakes.</summary>
        public static DerivativeRequest Read(MethodDefinition method, CustomAttribute attribute)
        {
            var mode = attribute.AttributeType.FullName == ReverseAttribute ? DerivativeMode.Reverse : DerivativeMode.Forward;
            var args = attribute.ConstructorArguments;
            var name = (string)args[0].Value;
            var width = args.Count == 3 ? (int)args[1].Value : 1;
            var activities = ((CustomAttributeArgument[])args[args.Count - 1].Value).Select(x => (Activity)System.Convert.ToInt32(x.Value)).ToList();
            var thisActivity = Activity.Const;
            foreach (var p in attribute.Properties)
            {
                if (p.Name == "This") thisActivity = (Activity)System.Convert.ToInt32(p.Argument.Value);
            }

            var isVoid = method.ReturnType.MetadataType == MetadataType.Void;
            var expected = method.Parameters.Count + (isVoid ? 0 : 1);
            if (activities.Count != expected)
            {
                throw new DiagnosticException(DiagnosticCatalog.WrongActivityCount,
                    $"'{name}' for '{method.Name}' gives {activities.Count} activities, but the method needs {expected}: one per parameter ({method.Parameters.Count})" +
                    (isVoid ? " and none for the void return" : ", then one for the return value"));
            }
            if (width < 1)
            {
                throw new DiagnosticException(DiagnosticCatalog.InvalidActivity, $"'{name}' asks for batch width {width}; the width must be at least 1");
            }

            var parameters = activities.Take(method.Parameters.Count).ToList();
            Activity? ret = isVoid ? null : activities[activities.Count - 1];
            for (int j = 0; j < parameters.Count; j++)
            {
                CheckParameter(name, mode, method.Parameters[j], parameters[j]);
            }
            if (ret != null) CheckReturn(name, mode, method, ret.Value);
            if (thisActivity != Activity.Const) CheckThis(name, mode, method, thisActivity, width);
            if (method.IsStatic == false && method.DeclaringType.IsValueType)
            {
                throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                    $"'{name}': derivatives of instance methods of structs are not supported yet; make '{method.Name}' static");
            }
            return new DerivativeRequest(method, attribute, mode, name, width, parameters, ret, thisActivity);
        }

        private static void CheckParameter(string name, DerivativeMode mode, ParameterDefinition p, Activity a)
        {
            if (!ValidInMode(mode, a, isReturn: false))
            {
                throw new DiagnosticException(DiagnosticCatalog.InvalidActivity,
                    $"'{name}': parameter {CSharpNames.Parameter(p)} is {a}, which is not a {ModeName(mode)}-mode activity (use {Allowed(mode, false)})");
            }
            if (a == Activity.Const) return;
            var type = p.ParameterType;
            var isMemory = type.IsByReference || type.IsPointer || type.IsArray || !type.IsValueType ||
                           type is GenericInstanceType g && g.ElementType.FullName is "System.Span`1" or "System.ReadOnlySpan`1";
            var isStruct = type.IsValueType && !type.IsPrimitive && !IsEnum(type) && !isMemory;
            bool valid = a is Activity.Duplicated or Activity.DuplicatedOnly
                ? isMemory && type.MetadataType != MetadataType.String
                : IsScalar(type) || isStruct || isMemory && a is Activity.Dual or Activity.DualOnly && type.MetadataType != MetadataType.String;
            if (!valid)
            {
                throw new DiagnosticException(DiagnosticCatalog.InvalidActivity,
                    $"'{name}': parameter {CSharpNames.Parameter(p)} of type {CSharpNames.Type(p)} cannot be {a}: " +
                    (a is Activity.Duplicated or Activity.DuplicatedOnly
                        ? "Duplicated is for arrays, spans, ref/in/out parameters, pointers and objects"
                        : "only float and double values (and structs of them) carry derivatives; integers, bool, enums and strings are Const"));
            }
            if (!IsScalar(type) && !IsSupportedMemory(type) && !(a is not Activity.Duplicated and not Activity.DuplicatedOnly && IsScalarStruct(type)))
            {
                throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                    $"'{name}': parameter {CSharpNames.Parameter(p)} of type {CSharpNames.Type(p)} with activity {a} is not supported yet (supported: float and double values and structs of them; arrays, List<double>/List<float>, spans, pointers and ref/in/out of them; classes with float or double fields)");
            }
        }

        /// <summary>A struct of floats and doubles (Point, Vector3) passed by value.</summary>
        private static bool IsScalarStruct(TypeReference type) => AutoDiff.Weaver.IR.IrType.FromClr(type)?.IsScalarStructValue == true;

        /// <summary>Memory the weaver gives shadows today: arrays, float lists, spans and managed pointers reaching float or double, and classes with such fields.</summary>
        private static bool IsSupportedMemory(TypeReference type)
        {
            var ir = AutoDiff.Weaver.IR.IrType.FromClr(type);
            return ir != null && AutoDiff.Weaver.Analysis.ShadowAnalysis.HoldsFloats(ir);
        }

        /// <summary>This = Duplicated (reverse) or Dual (forward): a shadow object of the same class, dthis, comes first.</summary>
        private static void CheckThis(string name, DerivativeMode mode, MethodDefinition method, Activity a, int width)
        {
            var shadowKind = mode == DerivativeMode.Reverse ? a is Activity.Duplicated or Activity.DuplicatedOnly : a is Activity.Dual or Activity.DualOnly;
            if (method.IsStatic || !shadowKind)
            {
                throw new DiagnosticException(DiagnosticCatalog.InvalidActivity,
                    method.IsStatic
                        ? $"'{name}' sets This = {a} on a static method, which has no 'this'"
                        : $"'{name}' sets This = {a}; 'this' takes Const, or {(mode == DerivativeMode.Reverse ? "Duplicated" : "Dual")} in {ModeName(mode)} mode");
            }
            if (method.DeclaringType.IsValueType || width > 1 || !AutoDiff.Weaver.Analysis.ShadowAnalysis.HoldsFloats(method.DeclaringType))
            {
                throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                    $"'{name}' sets This = {a}: a shadow 'this' is supported for classes with float or double fields, in single-width mode");
            }
        }

        private static bool IsEnum(TypeReference t) => t.Resolve()?.IsEnum == true;

        private static void CheckReturn(string name, DerivativeMode mode, MethodDefinition method, Activity a)
        {
            if (!ValidInMode(mode, a, isReturn: true))
            {
                throw new DiagnosticException(DiagnosticCatalog.InvalidActivity,
                    $"'{name}': the return value is {a}, which is not valid for a return value in {ModeName(mode)} mode (use {Allowed(mode, true)})");
            }
            if (a is Activity.Duplicated or Activity.DuplicatedOnly or Activity.Dual or Activity.DualOnly && method.ReturnType.IsArray)
            {
                if (!IsFloatVector(method.ReturnType))
                {
                    throw new DiagnosticException(DiagnosticCatalog.NotSupportedYet,
                        $"'{name}': the return value of type {CSharpNames.Type(method.ReturnType)} is {a}; of returned arrays only float[] and double[] carry derivatives so far: return the result through a parameter marked {(mode == DerivativeMode.Reverse ? "Duplicated" : "Dual")}, or make the return Const");
                }
                return;
            }
            if (a is Activity.Duplicated or Activity.DuplicatedOnly)
            {
                throw new DiagnosticException(DiagnosticCatalog.InvalidActivity,
                    $"'{name}': the return value of type {CSharpNames.Type(method.ReturnType)} is {a}, which is for a returned float[] or double[] (the caller passes its seed); a float, double or struct return is Active");
            }
            if (a != Activity.Const && !IsScalar(method.ReturnType) && !IsScalarStruct(method.ReturnType))
            {
                throw new DiagnosticException(DiagnosticCatalog.InvalidActivity,
                    $"'{name}': the return value of type {CSharpNames.Type(method.ReturnType)} is {a}, but only float and double values (and structs of them), and float[] and double[], carry derivatives; make it Const");
            }
        }

        /// <summary>float[] or double[] (a vector: the returned arrays that carry derivatives).</summary>
        private static bool IsFloatVector(TypeReference t) => t is ArrayType { IsVector: true } array && IsScalar(array.ElementType);

        private static bool IsScalar(TypeReference t) => t.MetadataType == MetadataType.Single || t.MetadataType == MetadataType.Double;

        private static bool ValidInMode(DerivativeMode mode, Activity a, bool isReturn)
        {
            if (a == Activity.Const) return true;
            if (mode == DerivativeMode.Reverse)
            {
                return a is Activity.Active or Activity.ActiveOnly or Activity.Duplicated or Activity.DuplicatedOnly; // on a return, CheckReturn limits Duplicated to arrays
            }
            return a is Activity.Dual or Activity.DualOnly;
        }

        private static string Allowed(DerivativeMode mode, bool isReturn) => mode == DerivativeMode.Reverse
            ? (isReturn ? "Const, Active or ActiveOnly; Duplicated or DuplicatedOnly for a returned array" : "Const, Active, ActiveOnly, Duplicated or DuplicatedOnly")
            : "Const, Dual or DualOnly";

        private static string ModeName(DerivativeMode mode) => mode == DerivativeMode.Reverse ? "reverse" : "forward";
    }
}

using System.Linq;
using System.Text;

namespace AutoDiff.Weaver.IR
{
    /// <summary>A readable dump of a function, for tests and for `autodiff show`.</summary>
    public static class IrPrinter
    {
        public static string Print(Function f)
        {
            var sb = new StringBuilder();
            sb.Append("function ").Append(f.Name).Append('(')
              .Append(string.Join(", ", f.Parameters.Select(p => p.Name + ": " + p.Type)))
              .Append("): ").Append(f.ReturnType).Append('\n');
            foreach (var v in f.Variables)
            {
                sb.Append("  var ").Append(v).Append(": ").Append(v.Type).Append('\n');
            }
            foreach (var b in f.Blocks)
            {
                sb.Append(b).Append(b.Label == null ? "" : " (" + b.Label + ")").Append(":\n");
                foreach (var phi in b.Phis)
                {
                    sb.Append("  ").Append(phi).Append(": ").Append(phi.Type).Append(" = phi ")
                      .Append(string.Join(", ", phi.Incoming.Select(e => "[" + e.Predecessor + ": " + e.Value + "]")))
                      .Append('\n');
                }
                foreach (var i in b.Instructions)
                {
                    sb.Append("  ").Append(Print(i)).Append('\n');
                }
                sb.Append("  ").Append(Print(b.Terminator)).Append('\n');
            }
            return sb.ToString();
        }

        public static string Print(Instruction i)
        {
            var head = i.Type.IsVoid ? "" : i + ": " + i.Type + " = ";
            var args = string.Join(", ", i.Operands.Select(o => o.ToString()));
            switch (i.Op)
            {
                case Op.Compare: return head + "cmp." + OpFacts.Spell(i.Compare) + " " + args;
                case Op.Conv: return head + "conv." + i.Conversion.ToString().ToLowerInvariant() + " " + args;
                case Op.Call:
                case Op.CallVirt:
                    return head + (i.Op == Op.Call ? "call " : "callvirt ") + i.Method!.DeclaringType.Name + "." + i.Method.Name + "(" + args + ")";
                case Op.NewObj: return head + "newobj " + i.Method!.DeclaringType.Name + "(" + args + ")";
                case Op.CallOnVariable: return head + "call " + i.Variable + "." + i.Method!.Name + "(" + args + ")";
                case Op.CallOnValue:
                    return head + "callonvalue " + i.Operands[0] + "." + i.Method!.Name + "(" + string.Join(", ", i.Operands.Skip(1).Select(o => o.ToString())) + ")";
                case Op.NewArray:
                case Op.LoadElement:
                case Op.StoreElement:
                case Op.ElementAddress:
                case Op.LoadIndirect:
                case Op.StoreIndirect:
                    return head + i.Op.ToString().ToLowerInvariant() + "<" + i.TypeOperand!.Name + "> " + args;
                case Op.LoadField:
                case Op.StoreField:
                case Op.FieldAddress:
                case Op.LoadStaticField:
                    return head + i.Op.ToString().ToLowerInvariant() + " " + i.Field!.DeclaringType.Name + "." + i.Field.Name + (args.Length > 0 ? " " + args : "");
                case Op.LoadString: return head + "ldstr \"" + i.Text + "\"";
                case Op.LoadVar: return head + "load " + i.Variable;
                case Op.StoreVar: return "store " + i.Variable + ", " + args;
                default: return head + i.Op.ToString().ToLowerInvariant() + " " + args;
            }
        }

        public static string Print(Terminator? t)
        {
            switch (t)
            {
                case null: return "<no terminator>";
                case Return r: return r.Value == null ? "ret" : "ret " + r.Value;
                case Jump j: return "jump " + j.Target;
                case Branch br: return "branch " + br.Condition + ", " + br.IfTrue + ", " + br.IfFalse;
                case Throw th: return "throw " + th.Exception;
                case Switch s: return "switch " + s.Index + ", [" + string.Join(", ", s.Targets) + "], " + s.Default;
                default: return t.GetType().Name;
            }
        }
    }
}

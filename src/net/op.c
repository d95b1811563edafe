/* vcolorize — shared checks for ops. */
#include "vc-op.h"

gboolean
vc_op_shape_error (GError **error, const char *op, const char *tensor, const VcTensor *t, guint c,
                   guint h, guint w)
{
  g_set_error (error, VC_ERROR, VC_ERROR_INVALID_ARGUMENT,
               "%s: %s is %u×%u×%u (channels×height×width) but must be %u×%u×%u", op, tensor, t->c,
               t->h, t->w, c, h, w);
  return FALSE;
}

gboolean
vc_op_check_tensor (const VcDevice *dev, const char *op, const char *tensor, const VcTensor *t,
                    guint c, guint h, guint w, GError **error)
{
  g_autofree char *what = g_strdup_printf ("%s: %s", op, tensor);
  if (!vc_tensor_check (dev, t, what, error))
    return FALSE;
  if (!vc_tensor_same_shape (t, c, h, w))
    return vc_op_shape_error (error, op, tensor, t, c, h, w);
  return TRUE;
}

"""The subscribe form: an address and a frequency, in Vietnamese. Must never say whether an
address is already known (archive.alerts.service answers that by email only)."""
from django import forms

from archive.models import Frequency


class SubscribeForm(forms.Form):
    email = forms.EmailField(label="Địa chỉ email", max_length=254,
                             error_messages={"required": "Hãy nhập địa chỉ email.",
                                             "invalid": "Địa chỉ email không hợp lệ."},
                             widget=forms.EmailInput(attrs={"autocomplete": "email", "required": True}))
    frequency = forms.ChoiceField(label="Tần suất", choices=Frequency.choices, initial=Frequency.DAILY,
                                  widget=forms.RadioSelect,
                                  error_messages={"invalid_choice": "Tần suất phải là hằng ngày hoặc hằng tuần."})


class FrequencyForm(forms.Form):
    subscription = forms.IntegerField(min_value=1)
    frequency = forms.ChoiceField(choices=Frequency.choices)
